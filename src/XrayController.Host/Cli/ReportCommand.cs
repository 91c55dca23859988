using System.CommandLine;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Reports;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl report DIR|SUMMARY</c>: rebuilds the report page of every NAME_summary.json in DIR and below (or of the
/// one named) from the summary and the files it names; the page is the one <c>scan</c>, <c>resume</c>, <c>recon</c>
/// and <c>analyze</c> wrote, byte for byte, as long as those files are unchanged.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "A folder of outputs, or one NAME_summary.json." };
        var command = new Command("report", "Rebuild the HTML report of each scan, reconstruction or analysis in a folder from its saved summary.") { target };
        command.SetAction((parse, _) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, () => RunAsync(parse.GetValue(target)!, parse.InvocationConfiguration)));
        return command;
    }

    private static async Task<int> RunAsync(string target, InvocationConfiguration console)
    {
        IReadOnlyList<string> summaries = Summaries(target);
        foreach (string summary in summaries)
        {
            try
            {
                await console.Output.WriteLineAsync($"{ScanReport.Rebuild(summary)}").ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw new InputException(e.Message, e);
            }
        }

        return ExitCodes.Success;
    }

    private static IReadOnlyList<string> Summaries(string target)
    {
        if (File.Exists(target))
        {
            return target.EndsWith(ScanReport.SummarySuffix, StringComparison.Ordinal)
                ? [target]
                : throw new InputException($"{target} is not a saved summary (NAME{ScanReport.SummarySuffix})");
        }

        if (!Directory.Exists(target))
        {
            throw new InputException($"no folder or summary {target}");
        }

        IReadOnlyList<string> found = ScanReport.FindSummaries(target);
        return found.Count > 0 ? found : throw new InputException($"no saved summary in {target} (no *{ScanReport.SummarySuffix}): scan, resume, recon and analyze write one");
    }
}
