namespace XrayController.Storage.Reading;

/// <summary>
/// What a tomography scan holds, without its pixels: the frame size, the projections, flats and darks with the
/// conditions each was taken under, and the geometry the file records. An opened file is one
/// (<see cref="TomographyFile"/>); so is the file a plan will write (<see cref="PlannedScanFile"/>), which is how a
/// reconstruction is estimated before its scan exists.
/// </summary>
public class TomographyScan
{
    public TomographyScan(
        string path,
        int rows,
        int columns,
        IReadOnlyList<FrameRecord> projections,
        IReadOnlyList<FrameRecord> flats,
        IReadOnlyList<FrameRecord> darks,
        double? pixelSizeMm,
        double? recordedAxisPx)
    {
        Path = path;
        Rows = rows;
        Columns = columns;
        Projections = projections;
        Flats = flats;
        Darks = darks;
        PixelSizeMm = pixelSizeMm;
        RecordedAxisPx = recordedAxisPx;
    }

    public string Path { get; }

    public int Rows { get; }

    public int Columns { get; }

    public IReadOnlyList<FrameRecord> Projections { get; }

    public IReadOnlyList<FrameRecord> Flats { get; }

    public IReadOnlyList<FrameRecord> Darks { get; }

    /// <summary>The pixel size at the sample, when the file gives it.</summary>
    public double? PixelSizeMm { get; }

    /// <summary>The optical magnification the file's pixel size was computed with (this program's files), when given.</summary>
    public double? OpticalMagnification { get; init; }

    /// <summary>A cone-beam scan from a fixed source: source-to-object and source-to-detector distances (mm), when the file records both.</summary>
    public (double SourceToObjectMm, double SourceToDetectorMm)? ConeBeam { get; init; }

    /// <summary>A local tomography's region: its centre in the sample's frame (x, y, z mm), when the file records one.</summary>
    public IReadOnlyList<double>? RoiCentreMm { get; init; }

    /// <summary>How far the flat panel stood along its columns on its translation (mm; a half-acquisition's offset), when the file records it.</summary>
    public double? DetectorOffsetMm { get; init; }

    /// <summary>The vertical sample position (mm) of each tile, indexed by the frames' tile index, when the file records tiles.</summary>
    public IReadOnlyList<double>? TilePositionsMm { get; init; }

    /// <summary>A holotomography scan's distances and detector geometry, when the file records them.</summary>
    public HolographyGeometry? Holography { get; init; }

    /// <summary>A rotation axis the file records (a simulated scan's true axis), in stored pixels.</summary>
    public double? RecordedAxisPx { get; }
}
