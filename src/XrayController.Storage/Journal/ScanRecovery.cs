using System.Globalization;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage.Journal;

/// <summary>What became of one journal: the file written and what it holds.</summary>
public sealed record RecoveredScan(string JournalPath, string FilePath, ScanStatus Status, int FramesInFile, int PlannedFrames, long DiscardedBytes);

/// <summary>
/// Turns the journal of a scan whose process died into the scan's file: the scan is compiled again from the plan and
/// profile text the journal carries, the file is written from the journal's intact frames and marked with the status of
/// its end record, or <see cref="ScanStatus.Interrupted"/> without one. The journal and the partial file are then removed.
/// </summary>
public static class ScanRecovery
{
    public const string JournalSuffix = ".h5.journal";

    /// <summary>The journals in a folder (not in its subfolders), oldest first.</summary>
    public static IReadOnlyList<string> FindJournals(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*" + JournalSuffix).OrderBy(File.GetLastWriteTimeUtc)]
            : [];

    public static RecoveredScan Recover(string journalPath)
    {
        JournalContents journal = FrameJournalReader.Read(journalPath);
        string filePath = journalPath[..^".journal".Length];
        ScanEnded ended = Ended(journal);
        if (!(journal.End is not null && File.Exists(filePath)))
        {
            // Without an end record the file cannot be complete; with one and the file there, only the clean-up was missed.
            (ScanStarted started, InstrumentProfile profile) = Started(journal);
            JournalFileBuilder.Build(journal, started, ended, profile.Storage.Compression, filePath);
        }

        File.Delete(ScanFileNames.Partial(filePath));
        File.Delete(journalPath);
        int frames = journal.Frames.Select(f => f.Frame.Seq).Distinct().Count();
        return new RecoveredScan(journalPath, filePath, ended.Status, frames, journal.Header.PlannedFrames, journal.DiscardedBytes);
    }

    /// <summary>The scan's start document again: the plan compiled on the profile, as the journal recorded them.</summary>
    public static (ScanStarted Started, InstrumentProfile Profile) Started(JournalContents journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        JournalHeader header = journal.Header;
        PlanReadResult plan = PlanReader.Read(header.PlanText, header.PlanSource);
        InstrumentProfileReadResult profile = InstrumentProfileReader.Read(header.ProfileText, header.ProfileSource);
        if (!plan.Succeeded || !profile.Succeeded)
        {
            Diagnostic first = plan.Diagnostics.Concat(profile.Diagnostics).First(d => d.IsError);
            throw new InvalidDataException($"{journal.Path}: the plan or profile it carries no longer reads: {first}");
        }

        InstrumentProfile configured = profile.Profile!.WithConfiguration(plan.Document!.Plan.Detector.Configuration);
        CompiledScan scan = PlanCompiler.Compile(plan.Document.Plan, configured);
        if (scan.FrameRows != header.FrameRows || scan.FrameColumns != header.FrameColumns || scan.Frames.Total != header.PlannedFrames)
        {
            throw new InvalidDataException($"{journal.Path}: the plan compiles to {scan.Frames.Total} frames of {scan.FrameRows} x {scan.FrameColumns}; the journal was written for {header.PlannedFrames} of {header.FrameRows} x {header.FrameColumns}");
        }

        var provenance = new ScanProvenance(header.SoftwareVersion, header.PlanSource, header.PlanText, header.ProfileSource, header.ProfileText, header.Simulated, header.TrueRotationAxisPx, header.RawFile)
        {
            FaultsFile = header.FaultsSource is null || header.FaultsText is null ? null : (header.FaultsSource, header.FaultsText),
        };
        return (new ScanStarted(header.SeriesId, scan, provenance, header.StartTime) { AxesAtStartMm = header.AxesAtStartMm ?? new Dictionary<string, double>() }, configured);
    }

    private static ScanEnded Ended(JournalContents journal)
    {
        var counts = new FrameCounts(
            Distinct(journal, FrameKind.Projection),
            Distinct(journal, FrameKind.Flat),
            Distinct(journal, FrameKind.Dark));
        int retakes = journal.Frames.Count - counts.Total;
        if (journal.End is { } end && Enum.TryParse(end.Status, ignoreCase: true, out ScanStatus status))
        {
            return new ScanEnded(status, end.Reason, counts, end.EndTime, end.ElapsedS) { Pauses = journal.Pauses, Retakes = retakes };
        }

        double lastS = journal.Frames.Count == 0 ? 0 : journal.Frames.Max(f => f.TimestampS);
        string last = journal.Frames.Count == 0 ? "before its first frame" : string.Create(CultureInfo.InvariantCulture, $"after frame seq {journal.Frames[^1].Frame.Seq} at {lastS:F1} s");
        return new ScanEnded(
            ScanStatus.Interrupted,
            $"the controller stopped {last} (killed or crashed); recovered from the journal",
            counts,
            journal.Header.StartTime + TimeSpan.FromSeconds(lastS),
            lastS)
        {
            Pauses = journal.Pauses,
            Retakes = retakes,
        };
    }

    private static int Distinct(JournalContents journal, FrameKind kind) =>
        journal.Frames.Where(f => f.Frame.Kind == kind).Select(f => f.Frame.Seq).Distinct().Count();
}
