using System.CommandLine;
using XrayController.Core.Diagnostics;
using XrayController.Host.Output;
using XrayController.Storage.Journal;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl recover DIR [--json]</c>: every scan in DIR whose process died (a <c>NAME.h5.journal</c> left behind) becomes
/// <c>NAME.h5</c> with every frame the journal holds, marked interrupted. <c>xrayctl scan</c> does the same for its
/// output folder before it starts.
/// </summary>
internal static class RecoverCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "The folder the interrupted scans were writing to." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the scans recovered and those that could not be." };
        var command = new Command("recover", "Turn what interrupted scans left in a folder (their frame journals) into valid HDF5 files marked incomplete.")
        {
            directory, json,
        };
        command.SetAction((parse, _) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, () => RunAsync(parse.GetValue(directory)!, parse.GetValue(json), parse.InvocationConfiguration)));
        return command;
    }

    private static async Task<int> RunAsync(string directory, bool json, InvocationConfiguration console)
    {
        if (!Directory.Exists(directory))
        {
            throw new InputException($"no folder {directory}");
        }

        IReadOnlyList<string> journals = ScanRecovery.FindJournals(directory);
        if (journals.Count == 0 && !json)
        {
            await console.Output.WriteLineAsync($"no interrupted scans in {directory}").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var recovered = new List<RecoveredScan>();
        var failed = new List<(string Journal, string Problem)>();
        foreach (string journal in journals)
        {
            try
            {
                RecoveredScan scan = ScanRecovery.Recover(journal);
                recovered.Add(scan);
                if (!json)
                {
                    await console.Output.WriteLineAsync(RecoveryText.Line(scan)).ConfigureAwait(false);
                }
            }
            catch (InvalidDataException e)
            {
                failed.Add((journal, e.Message));
                await console.Error.WriteLineAsync($"xrayctl: could not recover {journal}: {e.Message}").ConfigureAwait(false);
            }
        }

        if (json)
        {
            await console.Output.WriteLineAsync(RecoveryText.Json(recovered, failed)).ConfigureAwait(false);
        }

        return failed.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
