using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Live;

/// <summary>What the live reconstruction was asked to do.</summary>
/// <param name="CenterPx">The rotation axis; null to take it from the stream's start message.</param>
/// <param name="AutoCenter">Find the axis from the whole scan at the end (the previews use <paramref name="CenterPx"/> or the stream's until then).</param>
/// <param name="FullVolume">Keep the whole volume; null to keep it when it fits the memory budget.</param>
/// <param name="PreviewAt">Preview slice positions (z row, y grid row, x grid column); null for the middles.</param>
public sealed record LiveRequest(
    string Endpoint,
    string? OutputPath,
    double? CenterPx,
    bool AutoCenter,
    ReconstructionFilter Filter,
    FlatMode Flats,
    RingRemoval RingRemoval,
    bool ZingerRemoval,
    bool? FullVolume,
    (int Z, int Y, int X)? PreviewAt,
    long MemoryBudgetBytes,
    int RingCapacity,
    TimeSpan IdleTimeout)
{
    /// <summary>The memory a scan's live reconstruction may keep (the whole volume when it fits) and its offline finalisation works within.</summary>
    public const long ScanMemoryBudgetBytes = 4_000_000_000;

    /// <summary>For a series at several energies: the slice rectangle (x0, y0, x1, y1; ends excluded) whose running spectrum is shown; null: the sample's pixels.</summary>
    public (int X0, int Y0, int X1, int Y1)? SpectrumRegion { get; init; }

    /// <summary>For a holotomography series: δ/β for the Paganin preview and the homogeneous CTF; null: pure-phase CTF, Paganin with 100.</summary>
    public double? DeltaBeta { get; init; }

    /// <summary>Only these detector rows, [First, End) (a slab worker beside others on the same stream, <see cref="RowWindow"/>); null for all.</summary>
    public (int First, int End)? Rows { get; init; }
}

/// <summary>What the live reconstruction produced.</summary>
/// <param name="Outcome">How the final volume was made: from the live accumulation, by reading back missed frames, or by the offline finalise pass.</param>
/// <param name="Sections">Every technique's part of the summary, in the list's order; the series' own technique's holds its details.</param>
public sealed record LiveResult(
    string? OutputPath,
    string Outcome,
    StreamCounters Counters,
    int ProjectionsReconstructed,
    double CenterPx,
    double LiveSeconds,
    double FinaliseSeconds,
    IReadOnlyList<string> Notes,
    IReadOnlyList<LiveSection> Sections);
