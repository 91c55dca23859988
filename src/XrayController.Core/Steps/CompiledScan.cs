using XrayController.Core.Instruments;
using XrayController.Core.Plans;

namespace XrayController.Core.Steps;

/// <summary>A plan compiled for one instrument: the flat step list and what it will produce.</summary>
public sealed record CompiledScan(
    Plan Plan,
    InstrumentProfile Profile,
    IReadOnlyList<Step> Steps,
    FrameCounts Frames,
    IReadOnlyList<double> AnglesDeg,
    IReadOnlyList<double> EnergiesEv,
    IReadOnlyList<double> DistancesMm,
    IReadOnlyList<double> TilePositionsMm,
    int FrameRows,
    int FrameColumns,
    FlySweep? Fly)
{
    /// <summary>Every frame the plan takes, in the order it takes them (each kind's stack in a scan file follows this order).</summary>
    public IEnumerable<FrameInfo> PlannedFrames() => Steps.SelectMany(step => step switch
    {
        AcquireStep acquire => [acquire.Frame],
        FlyScanStep fly => fly.Frames,
        _ => (IEnumerable<FrameInfo>)[],
    });

    /// <summary>Bytes of the frames alone, as stored uncompressed.</summary>
    public long FrameBytes => (long)Frames.Total * FrameRows * FrameColumns * Profile.Detector.BytesPerPixel;

    /// <summary>
    /// An upper bound on the file size: the frames uncompressed, plus the per-frame log (ten 8-byte fields per frame)
    /// and a fixed allowance for metadata and provenance.
    /// </summary>
    public long EstimatedBytes => FrameBytes + ((long)Frames.Total * PerFrameLogBytes) + MetadataAllowanceBytes;

    private const long PerFrameLogBytes = 80;
    private const long MetadataAllowanceBytes = 1 << 20;
}
