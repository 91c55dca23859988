namespace XrayController.Protocols.FrameStream;

/// <summary>A message of the frame stream (<c>firmware-protocols/frame-stream.md</c>): one CBOR map per ZeroMQ message.</summary>
public abstract record StreamMessage(string SeriesUniqueId);

/// <summary>
/// Opens a series and carries everything a subscriber needs to reconstruct it: shape and type of the frames, pixel size
/// at the sample (NaN when unknown, null on the wire),
/// rotation-axis position, beam geometry, the projection angles in acquisition order, energies, distances and tiles;
/// optionally where the publisher writes the scan file, so that a subscriber on the same machine can read back frames it
/// missed.
/// </summary>
public sealed record StreamStart(
    string SeriesUniqueId,
    string PlanName,
    string Technique,
    string Instrument,
    bool Simulated,
    int FrameCount,
    int ProjectionCount,
    int FlatCount,
    int DarkCount,
    int Rows,
    int Columns,
    string Dtype,
    double ExposureS,
    int Binning,
    double PixelSizeUm,
    double DetectorPixelSizeUm,
    double? RotationAxisPx,
    string Beam,
    double? SourceToObjectMm,
    double? SourceToDetectorMm,
    IReadOnlyList<double> AnglesDeg,
    IReadOnlyList<double> EnergiesEv,
    IReadOnlyList<double> DistancesMm,
    IReadOnlyList<double> TilePositionsMm,
    string StartTime,
    string? RawFile = null) : StreamMessage(SeriesUniqueId);

/// <summary>
/// One frame: its sequence number among all frames of the series, what it is (<c>image_key</c>: 0 projection, 1 flat,
/// 2 dark, 3 invalid), the axis values it was taken at, and its pixels (row-major, little-endian).
/// </summary>
public sealed record StreamImage(
    string SeriesUniqueId,
    long Seq,
    int ImageKey,
    double RotationAngleDeg,
    double? EnergyEv,
    int DistanceIndex,
    int TileIndex,
    double TimestampS,
    int Rows,
    int Columns,
    string Dtype,
    ReadOnlyMemory<byte> Data,
    double? Magnification = null,
    double? PropagationDistanceMm = null) : StreamMessage(SeriesUniqueId);

/// <summary>Closes a series: how many frames were sent and how it ended (<c>completed</c>, <c>aborted</c>, <c>failed</c>).</summary>
public sealed record StreamEnd(string SeriesUniqueId, long FrameCount, string Status, string? Reason) : StreamMessage(SeriesUniqueId);
