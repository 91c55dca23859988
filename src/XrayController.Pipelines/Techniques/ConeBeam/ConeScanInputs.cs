using System.Globalization;
using XrayController.Core.Diagnostics;
using XrayController.Core.Optics;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Cone;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// What a cone-beam reconstruction takes from the file, or from a geometry given with the request (parameters, or
/// per-projection matrices that supersede the file's angles): the source's distances, the detector pixel, the angles,
/// the tiles (each its projections' indices) and their vertical positions.
/// Input problems are <see cref="InputException"/>s naming the file.
/// </summary>
internal sealed record ConeScanInputs(
    string Name,
    int Rows,
    int Columns,
    double SourceToObjectMm,
    double SourceToDetectorMm,
    double PixelUMm,
    double PixelVMm,
    double OffsetVPx,
    IReadOnlyList<double> AnglesDeg,
    IReadOnlyList<int[]> Tiles,
    IReadOnlyList<double> TilePositionsMm,
    bool RecordedTilePositions)
{
    public double MiddleColumn => (Columns - 1) / 2.0;

    public static ConeScanInputs Of(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        string name = OfflineReconstruction.RequireWhole(request, "a cone-beam scan");
        if (file.Projections.Select(p => (p.EnergyEv, p.DistanceIndex)).Distinct().Count() > 1)
        {
            throw new InputException($"{name} holds projections at several energies or distances, which a cone-beam reconstruction does not combine");
        }

        int[][] tiles = [.. file.Projections.Select((p, i) => (p.TileIndex, i)).GroupBy(t => t.TileIndex).OrderBy(g => g.Key).Select(g => g.Select(t => t.i).ToArray())];
        double[] positions = TilePositions(file, tiles, name);
        if (request.ConeMatrices is { } stated)
        {
            if (stated.Values.Count != file.Projections.Count)
            {
                throw new InputException($"{name}: the geometry states {stated.Values.Count} projection matrices for the file's {file.Projections.Count} projections");
            }

            ResolvedMatrices resolved = stated.Resolve(file.Rows, file.Columns, file.PixelSizeMm, name);
            return new ConeScanInputs(name, file.Rows, file.Columns, resolved.SourceToObjectMm, resolved.SourceToDetectorMm, resolved.PixelUMm, resolved.PixelVMm, resolved.PrincipalPointPx.Row - ((file.Rows - 1) / 2.0), resolved.AnglesDeg, tiles, positions, file.TilePositionsMm is not null)
            {
                GivenCenterPx = resolved.PrincipalPointPx.Column,
                Matrices = resolved.Matrices,
                HalfAcquisitionAsked = request.HalfAcquisition,
            };
        }

        ConeGeometryFile? given = request.ConeGeometry;
        (double sod, double sdd) = given is not null ? (given.SourceToObjectMm, given.SourceToDetectorMm)
            : file.ConeBeam ?? throw new InputException($"{name} records no source-to-object and source-to-detector distances; give them with --geometry");
        double pixelUMm = given?.PixelUMm ?? (file.PixelSizeMm ?? throw new InputException($"{name} records no pixel size (/measurement/instrument/geometry pixel_size_um); give it with --geometry")) * sdd / sod;
        IEnumerable<double> programAngles = given?.AnglesDeg ?? file.Projections.Select(p => p.AngleDeg);
        double[] angles = [.. given?.Angles(programAngles) ?? programAngles];
        if (angles.Length != file.Projections.Count)
        {
            throw new InputException($"{name}: the geometry gives {angles.Length} angles for {file.Projections.Count} projections");
        }

        (double offsetU, double offsetV) = given?.Offsets(file.Rows, file.Columns) ?? (0, 0);
        return new ConeScanInputs(name, file.Rows, file.Columns, sod, sdd, pixelUMm, given?.PixelVMm ?? pixelUMm, offsetV, angles, tiles, positions, file.TilePositionsMm is not null)
        {
            GivenCenterPx = given is null ? null : ((file.Columns - 1) / 2.0) + offsetU,
            RecordedCenterPx = ((file.Columns - 1) / 2.0) - ((file.DetectorOffsetMm ?? 0) / pixelUMm),
            SampleRegionCentreMm = file.RoiCentreMm,
            DetectorTiltDeg = given?.DetectorTiltDeg ?? 0,
            HalfAcquisitionAsked = request.HalfAcquisition,
        };
    }

    /// <summary>The rotation axis's column a geometry gives (its principal point, in this program's columns), or null without one.</summary>
    public double? GivenCenterPx { get; init; }

    /// <summary>A local tomography's region centre in the sample's frame (x, y, z mm) as the scan file records it: where the volume's axis and middle height stand in the cell.</summary>
    public IReadOnlyList<double>? SampleRegionCentreMm { get; init; }

    /// <summary>Where the file's recorded detector offset puts the central ray (the panel's centre without one), for estimates made before the axis is found.</summary>
    public double? RecordedCenterPx { get; init; }

    /// <summary>Each projection's matrix when the geometry states them (in this program's layout), else null.</summary>
    public IReadOnlyList<ProjectionMatrix>? Matrices { get; init; }

    /// <summary>Whether the request asks for a half-acquisition's weights (<see cref="ReconstructionRequest.HalfAcquisition"/>); null to decide.</summary>
    public bool? HalfAcquisitionAsked { get; init; }

    /// <summary>The detector's turn in its own plane a geometry file states (<see cref="ConeGeometryFile.DetectorTiltDeg"/>).</summary>
    public double DetectorTiltDeg { get; init; }

    /// <summary>
    /// One tile's geometry with the rotation axis at <paramref name="centerPx"/>, a half-acquisition when the axis lies
    /// far enough off the panel's centre (<see cref="IsHalfAcquisition"/>; its panel then widened to the far side,
    /// <see cref="ConeGeometry.AsHalfAcquisition"/>), checked: the stated matrices (their columns moved by as much as
    /// the axis asked lies from the one they state), or those of the circular scan with a tilted detector, or the
    /// circular scan alone.
    /// </summary>
    public ConeGeometry Geometry(int tile, double centerPx)
    {
        var upright = new ConeGeometry(Rows, Columns, SourceToObjectMm, SourceToDetectorMm, PixelUMm, PixelVMm, centerPx - MiddleColumn, OffsetVPx, [.. Tiles[tile].Select(i => AnglesDeg[i])]);
        bool half = HalfAcquisitionAsked ?? IsHalfAcquisition(upright);
        double near = HalfAcquisition.NearSideColumns(upright.PrincipalColumn, Columns);
        if (half && near < HalfAcquisition.MinimumOverlapColumns)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{Name}: the rotation axis lies {near:0.#} columns from the panel's edge; a half-acquisition needs at least {HalfAcquisition.MinimumOverlapColumns} columns on that side for the two half-turns to overlap"));
        }

        ConeGeometry stated = Matrices is not null ? upright with { Matrices = [.. Tiles[tile].Select(i => Matrices[i].ColumnsMoved(centerPx - GivenCenterPx!.Value))] }
            : DetectorTiltDeg != 0 ? upright with { Matrices = [.. upright.AnglesDeg.Select(a => ProjectionMatrix.Circular(upright, a, DetectorTiltDeg))] }
            : upright;
        ConeGeometry geometry = half ? stated.AsHalfAcquisition() : stated;
        OfflineReconstruction.Check(geometry.Validate, Tiles.Count == 1 ? Name : $"{Name}, tile {tile}");
        return geometry;
    }

    /// <summary>Whether a scan is a half-acquisition: a full turn with the central ray far enough off the panel's centre (<see cref="HalfAcquisition.Applies"/>).</summary>
    private static bool IsHalfAcquisition(ConeGeometry geometry) => !geometry.IsShortScan && HalfAcquisition.Applies(geometry.PrincipalColumn, geometry.Columns);

    /// <summary>Each tile's vertical sample position: the file's, or 0 for a single tile the file gives none for.</summary>
    private static double[] TilePositions(TomographyScan file, int[][] tiles, string name)
    {
        if (file.TilePositionsMm is { } recorded)
        {
            return [.. tiles.Select(t => recorded[file.Projections[t[0]].TileIndex])];
        }

        return tiles.Length == 1 ? [0.0]
            : throw new InputException($"{name} holds {tiles.Length} tiles but records no tile positions (/measurement/instrument/geometry/tile_positions_mm) to stitch them by");
    }
}
