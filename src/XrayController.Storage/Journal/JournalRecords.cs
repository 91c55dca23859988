using XrayController.Core.Steps;

namespace XrayController.Storage.Journal;

/// <summary>
/// The first record of a frame journal: what it takes to rebuild the scan's file without anything else — the series,
/// its start, where the plan and profile came from and their text (the scan is compiled again from them), and the
/// final file it belongs to.
/// </summary>
public sealed record JournalHeader(
    Guid SeriesId,
    DateTimeOffset StartTime,
    string SoftwareVersion,
    string PlanSource,
    string PlanText,
    string ProfileSource,
    string ProfileText,
    bool Simulated,
    double? TrueRotationAxisPx,
    string RawFile,
    int FrameRows,
    int FrameColumns,
    int PlannedFrames,
    string? FaultsSource = null,
    string? FaultsText = null)
{
    /// <summary>Where each linear axis stood when the scan began (the in-beam positions a resume returns to).</summary>
    public IReadOnlyDictionary<string, double>? AxesAtStartMm { get; init; }
}

/// <summary>One frame in a journal: its identity and read-backs, and where its pixels lie in the journal file.</summary>
public sealed record JournalFrame(FrameInfo Frame, double EncoderDeg, double TimestampS, double I0, long PixelOffset)
{
    public double TemperatureC { get; init; } = double.NaN;
}

/// <summary>How a scan ended, written to the journal just before its file is completed.</summary>
public sealed record JournalEnd(string Status, string Reason, double ElapsedS, DateTimeOffset EndTime);

/// <summary>What a journal holds: everything up to its last intact record, and how many bytes after it were torn or damaged.</summary>
public sealed record JournalContents(
    string Path,
    JournalHeader Header,
    IReadOnlyList<JournalFrame> Frames,
    IReadOnlyList<Core.Scans.ScanPause> Pauses,
    Core.Optics.EnergyCalibration? Calibration,
    JournalEnd? End,
    long IntactBytes,
    long DiscardedBytes);
