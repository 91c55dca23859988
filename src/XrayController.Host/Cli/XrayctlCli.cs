using System.CommandLine;

namespace XrayController.Host.Cli;

/// <summary>The <c>xrayctl</c> command line: verbs, parsing, exit codes (0 success, 2 invalid input, 1 failure).</summary>
public static class XrayctlCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        var root = new RootCommand("XrayController: acquisition and reconstruction for X-ray tomography instruments.")
        {
            new Command("plan", "Work with scan plans.")
            {
                PlanCheckCommand.Create(),
            },
            ScanCommand.Create(),
            RecoverCommand.Create(),
            ResumeCommand.Create(),
            ServeCommand.Create(),
            MonitorCommand.Create(),
            ReconCommand.Create(),
            ClusterCommand.Create(),
            AnalyzeCommand.Create(),
            LiveCommand.Create(),
            BenchCommand.Create(),
            SimCommand.Create(),
            ReportCommand.Create(),
        };
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"xrayctl: {string.Join("; ", parse.Errors.Select(e => e.Message))} (see xrayctl --help)").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }
}
