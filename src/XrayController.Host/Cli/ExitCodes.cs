namespace XrayController.Host.Cli;

/// <summary>The process exit codes of xrayctl.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
}
