namespace XrayController.Core.Diagnostics;

/// <summary>Invalid input (plan, profile, file, argument); the command line maps it to exit code 2.</summary>
public sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
