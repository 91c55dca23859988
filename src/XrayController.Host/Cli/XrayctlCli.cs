using System.CommandLine;
using XrayController.Host.Hosting;

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
        var config = new Option<string?>("--config")
        {
            Description = $"Settings file (JSON); default ./{XrayctlConfiguration.FileName}, else {XrayctlConfiguration.SystemFile}; {XrayctlConfiguration.EnvironmentPrefix} environment variables override it.",
            Recursive = true,
        };
        root.Options.Add(config);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"xrayctl: {string.Join("; ", parse.Errors.Select(e => e.Message))} (see xrayctl --help)").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        XrayctlConfiguration.ConfigFile = parse.GetValue(config);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }
}
