using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XrayController.Acquisition.DryRun;
using XrayController.Acquisition.Engine;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Host.Hosting;
using XrayController.Host.Scanning;
using XrayController.Pipelines.Reports;
using XrayController.Pipelines.Scans;
using XrayController.Pipelines.Techniques;
using XrayController.Simulators.Truth;
using XrayController.Storage;
using XrayController.Storage.Journal;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl resume DIR|JOURNAL [--speed N] [--json]</c>: goes on with a scan whose process died, from the last checkpoint
/// before which it had every frame, and completes the same file. The frames in the journal are kept; those of the
/// stretch the crash interrupted are taken again; the time the controller was down is recorded as a pause. Once the
/// scan is over, the technique's job and the report follow as after <c>xrayctl scan</c>.
/// </summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("dir") { Description = "The folder of the interrupted scan, or its NAME.h5.journal." };
        var speed = new Option<double>("--speed") { Description = "Run the simulated instrument this many times faster than real time.", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "Print the scan's summary as one JSON object (as scan --json), instead of lines." };
        var command = new Command("resume", "Continue a scan whose process died, where it stopped, completing the same file.")
        {
            target, speed, json,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, () => RunAsync(parse.GetValue(target)!, parse.GetValue(speed), parse.GetValue(json), parse.InvocationConfiguration, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string target, double speed, bool json, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        if (speed <= 0 || !double.IsFinite(speed))
        {
            throw new InputException($"--speed must be a positive number; got {speed}");
        }

        JournalContents journal = ReadJournal(FindJournal(target));
        (ScanStarted started, InstrumentProfile profile) = ScanRecovery.Started(journal);
        journal = RecordDowntime(journal, started);
        string rawFile = journal.Path[..^".journal".Length];
        int checkpoint = ResumePoint.Find(started.Scan, journal.Frames.Select(f => f.Frame.Seq).ToHashSet());
        using IHost host = XrayctlHost.Build();
        ILoggerFactory loggers = host.Services.GetRequiredService<ILoggerFactory>();
        using var time = new ScaledTimeProvider(speed);
        await using AssembledInstrument instrument = await host.Services.GetRequiredService<InstrumentBuilder>().ConnectAsync(profile, time, cancellationToken).ConfigureAwait(false);
        await using var writer = new ScanFileWriter(rawFile, profile.Storage.Compression, journal);
        string label = ((CheckpointStep)started.Scan.Steps[checkpoint]).Label;
        await console.Error.WriteLineAsync($"resuming {rawFile} from checkpoint '{label}' with {journal.Frames.Count} journalled frames").ConfigureAwait(false);
        string folder = Path.GetDirectoryName(Path.GetFullPath(rawFile))!;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        ScanEnded ended = await new ScanEngine(instrument.Devices, time, loggers.CreateLogger<ScanEngine>()) { FreeDiskBytes = () => DiskSpace.FreeBytes(folder) }
            .ResumeAsync(started, checkpoint, [writer], cancellationToken, TerminalScanControl.Attach())
            .ConfigureAwait(false);
        double wallS = wall.Elapsed.TotalSeconds;
        string resumed = string.Create(
            CultureInfo.InvariantCulture,
            $"{rawFile}: {ended.Status.ToString().ToLowerInvariant()} after resuming from '{label}'; {ended.Acquired.Total} of {started.Scan.Frames.Total} frames, {ended.Retakes} taken again{(ended.Reason is null ? string.Empty : "; " + ended.Reason)}");
        await (json ? console.Error : console.Output).WriteLineAsync(resumed).ConfigureAwait(false);
        ScanSummary summary = await AfterScanAsync(host.Services.GetRequiredService<TechniqueList>(), started, profile, instrument, ended, rawFile, wallS, speed, console.Error, cancellationToken).ConfigureAwait(false);
        if (json)
        {
            await console.Output.WriteLineAsync(ScanSummaryWriter.Json(summary)).ConfigureAwait(false);
            return ended.Status == ScanStatus.Completed ? ExitCodes.Success : ExitCodes.Failure;
        }

        foreach (TechniqueSection section in summary.Techniques)
        {
            if (section.Outcome is { } outcome)
            {
                await console.Output.WriteLineAsync(outcome.Describe()).ConfigureAwait(false);
            }
        }

        await console.Output.WriteLineAsync($"report -> {summary.ReportFile}").ConfigureAwait(false);
        return ended.Status == ScanStatus.Completed ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>What <c>xrayctl scan</c> does once a scan is over: the technique's job on the completed file (there is no live reconstruction to finish), then the report beside it.</summary>
    private static async Task<ScanSummary> AfterScanAsync(TechniqueList techniques, ScanStarted started, InstrumentProfile profile, AssembledInstrument instrument, ScanEnded ended, string rawFile, double wallS, double speed, TextWriter progress, CancellationToken cancellationToken)
    {
        CompiledScan scan = started.Scan;
        ITechnique? technique = techniques.ForPlan(scan.Plan.Technique);
        var context = new PostScanContext(rawFile, scan, ended, null, instrument.Scene is { } scene ? SimulationTruth.Of(scene) : ScanTruth.None)
        {
            OnStage = stage => progress.WriteLine($"after the scan: {stage}"),
        };
        ITechniqueOutcome? outcome = technique is null ? null : await Task.Run(() => technique.AfterScan(context, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        return ScanReport.Write(new ScanSummary(scan.Plan.Name, profile.Name, profile.Simulated, ended, scan.Frames, rawFile, wallS, DryRunEstimator.Estimate(scan).Duration.TotalSeconds / speed, speed, null, 0, 0, null)
        {
            Techniques = TechniqueSection.For(techniques, technique, outcome),
        });
    }

    private static string FindJournal(string target)
    {
        if (File.Exists(target))
        {
            return target.EndsWith(ScanRecovery.JournalSuffix, StringComparison.Ordinal)
                ? target
                : throw new InputException($"{target} is not a scan journal (NAME{ScanRecovery.JournalSuffix})");
        }

        if (!Directory.Exists(target))
        {
            throw new InputException($"no folder or journal {target}");
        }

        IReadOnlyList<string> journals = ScanRecovery.FindJournals(target);
        return journals.Count switch
        {
            0 => throw new InputException($"no interrupted scan in {target} (no *{ScanRecovery.JournalSuffix})"),
            1 => journals[0],
            _ => throw new InputException($"{journals.Count} interrupted scans in {target}; name one: {string.Join(", ", journals.Select(Path.GetFileName))}"),
        };
    }

    private static JournalContents ReadJournal(string path)
    {
        try
        {
            JournalContents journal = FrameJournalReader.Read(path);
            return journal.End is { } end
                ? throw new InputException($"{path}: the scan ended ({end.Status}) before its file was finished; there is nothing to resume; xrayctl recover finishes the file")
                : journal;
        }
        catch (InvalidDataException e)
        {
            throw new InputException(e.Message, e);
        }
    }

    /// <summary>Records the time the controller was down as a pause (from the last journalled frame to now), then reads the journal again.</summary>
    private static JournalContents RecordDowntime(JournalContents journal, ScanStarted started)
    {
        double lastS = journal.Frames.Count == 0 ? 0 : journal.Frames.Max(f => f.TimestampS);
        double nowS = Math.Max(lastS, (DateTimeOffset.UtcNow - started.StartTime).TotalSeconds);
        using (FrameJournalWriter writer = FrameJournalWriter.Continue(journal))
        {
            writer.AppendPause(new ScanPause(lastS, nowS, "the controller stopped (killed or crashed); resumed with xrayctl resume", "crash", "the last journalled frame", 0));
        }

        return FrameJournalReader.Read(journal.Path);
    }
}
