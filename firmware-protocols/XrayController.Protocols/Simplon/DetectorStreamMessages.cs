namespace XrayController.Protocols.Simplon;

/// <summary>A message of the detector's image stream (<c>simplon-detector.md</c>, "Image stream").</summary>
public abstract record DetectorStreamMessage(long SeriesId);

/// <summary>Sent on arm: the series' geometry and timing.</summary>
public sealed record DetectorStreamStart(
    long SeriesId,
    int Rows,
    int Columns,
    double CountTimeS,
    double FrameTimeS,
    long Images,
    long Triggers,
    string TriggerMode) : DetectorStreamMessage(SeriesId);

/// <summary>
/// One image: its number in the series (0-based), when its exposure started and stopped in nanoseconds since the series
/// was armed, and its pixels as little-endian <c>uint16</c>, row-major.
/// </summary>
public sealed record DetectorStreamImage(
    long SeriesId,
    long ImageId,
    long StartTimeNs,
    long StopTimeNs,
    int Rows,
    int Columns,
    ReadOnlyMemory<byte> Data) : DetectorStreamMessage(SeriesId);

/// <summary>Sent on disarm, cancel or abort, after the last image of the series.</summary>
public sealed record DetectorStreamEnd(long SeriesId) : DetectorStreamMessage(SeriesId);
