using XrayController.Host.Cli;

namespace XrayController.Host.Tests.Cli;

/// <summary>The outcome of one in-process xrayctl invocation.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await XrayctlCli.RunAsync(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
