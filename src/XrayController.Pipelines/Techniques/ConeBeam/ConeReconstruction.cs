using System.Diagnostics;
using System.Globalization;
using PureHDF;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Cone;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// Reconstructs a cone-beam scan from a fixed source (the file's source-to-object and source-to-detector distances and
/// its pixel at the sample) with FDK: the whole field at the natural voxel (the pixel at the axis) or the voxel asked,
/// or only a region of interest, with truncated projections extended (<see cref="Fdk"/>). The projections are
/// corrected as for parallel beams (whole detector at once). The
/// rotation axis's column is the principal point's: given, or found from the conjugate rays of the central row
/// (<see cref="ConeCenter"/>, which needs a full turn) in the first tile. A scan of several vertical tiles is
/// reconstructed tile by tile, the beam's heights of each tile placed on the sample's (raising the sample by p shows
/// heights lowered by p), and the tiles stitched by <see cref="TileStitcher"/>; the volume records the height of its top slice
/// (<c>top_z_mm</c>) and each seam's registration.
/// </summary>
internal sealed class ConeReconstruction(string softwareVersion)
{
    /// <summary>Reconstructs an open file (the offline reconstruction opens it once to choose the technique).</summary>
    public ReconstructionResult Run(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        string name = OfflineReconstruction.RequireWhole(request, "a cone-beam scan");
        ConeGeometryFile? given = request.ConeGeometry;
        (double sod, double sdd) = given is not null ? (given.SourceToObjectMm, given.SourceToDetectorMm)
            : file.ConeBeam ?? throw new InputException($"{name} records no source-to-object and source-to-detector distances; give them with --geometry");

        if (file.Projections.Select(p => (p.EnergyEv, p.DistanceIndex)).Distinct().Count() > 1)
        {
            throw new InputException($"{name} holds projections at several energies or distances, which a cone-beam reconstruction does not combine");
        }

        int[][] tiles = [.. file.Projections.Select((p, i) => (p.TileIndex, i)).GroupBy(t => t.TileIndex).OrderBy(g => g.Key).Select(g => g.Select(t => t.i).ToArray())];
        double[] positions = TilePositions(file, tiles, name);
        double pixelUMm = given?.PixelUMm ?? (file.PixelSizeMm ?? throw new InputException($"{name} records no pixel size (/measurement/instrument/geometry pixel_size_um); give it with --geometry")) * sdd / sod;
        double pixelVMm = given?.PixelVMm ?? pixelUMm;
        long bytes = 4L * file.Rows * file.Columns * ((2L * file.Projections.Count) + (file.Columns * (tiles.Length == 1 ? 1L : (2L * tiles.Length) + 1)));
        if (bytes > request.MemoryBudgetBytes)
        {
            throw new InputException($"{name}: the projections and the volume need about {bytes / 1e9:F1} GB; raise --memory-gb or bin the scan");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var corrector = new SlabCorrector(file, request);
        float[] lineIntegrals = corrector.LineIntegrals(0, file.Rows, request.RingRemoval);
        double[] angles = [.. given?.AnglesDeg ?? file.Projections.Select(p => p.AngleDeg)];
        if (angles.Length != file.Projections.Count)
        {
            throw new InputException($"{name}: the geometry gives {angles.Length} angles for {file.Projections.Count} projections");
        }

        double middle = (file.Columns - 1) / 2.0;
        double center = request.CenterPx ?? (given is not null ? middle + given.OffsetUPx
            : FindCenter(Select(lineIntegrals, tiles[0], file.Rows * file.Columns), file, [.. tiles[0].Select(i => angles[i])], pixelUMm, sdd, name));
        var volumes = new List<TileVolume>();
        ConeGeometry? geometry = null;
        ConeGrid? grid = null;
        bool extend = request.Region is not null || Truncated(lineIntegrals, file.Columns);
        for (int t = 0; t < tiles.Length; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            geometry = new ConeGeometry(file.Rows, file.Columns, sod, sdd, pixelUMm, pixelVMm, center - middle, given?.OffsetVPx ?? 0, [.. tiles[t].Select(i => angles[i])]);
            OfflineReconstruction.Check(geometry.Validate, tiles.Length == 1 ? name : $"{name}, tile {t}");
            grid ??= Grid(request, geometry, file, name);
            float[] tileLineIntegrals = tiles.Length == 1 ? lineIntegrals : Select(lineIntegrals, tiles[t], file.Rows * file.Columns);
            volumes.Add(new TileVolume(Fdk.Reconstruct(tileLineIntegrals, geometry, request.Filter, grid, extendTruncated: extend), grid.Slices, grid.Z(0) - positions[t]));
        }

        StitchedVolume stitched = tiles.Length == 1
            ? new StitchedVolume(volumes[0].Volume, volumes[0].Slices, volumes[0].TopZMm, [])
            : Stitch(volumes, grid!.Size, grid.VoxelMm, name);
        string output = request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath);
        ReconstructionMetadata metadata = Metadata(request, geometry!, grid!, center, given is not null, (sod, sdd), stitched, file.TilePositionsMm is null ? null : positions, extend);
        using (var writer = new ReconstructionFileWriter(output, stitched.Slices, grid!.Size, metadata))
        {
            writer.WriteSlab(0, stitched.Volume);
            writer.Complete();
        }

        return new ReconstructionResult(output, 0, stitched.Slices, grid.Size, center, metadata.CenterSource, metadata.Units, corrector.Counts.Floored, corrector.Counts.Zingers, clock.Elapsed.TotalSeconds, null);
    }

    /// <summary>The seams a stitched volume records (shift in voxels, correlation, applied); none for a single tile.</summary>
    public static IReadOnlyList<(double ShiftVoxels, double Correlation, bool Applied)> Seams(string reconFile)
    {
        using var file = H5File.OpenRead(reconFile);
        IH5Dataset recon = file.Dataset("/exchange/recon");
        if (!recon.AttributeExists("seam_shift_voxels"))
        {
            return [];
        }

        double[] shifts = recon.Attribute("seam_shift_voxels").Read<double[]>();
        double[] correlations = recon.Attribute("seam_correlation").Read<double[]>();
        int[] applied = recon.Attribute("seam_shift_applied").Read<int[]>();
        return [.. shifts.Select((s, i) => (s, correlations[i], applied[i] != 0))];
    }

    /// <summary>
    /// The volume's grid: the whole field at the natural voxel (or the one asked), or the region of interest, which
    /// must lie inside the field (the circle every projection sees).
    /// </summary>
    private static ConeGrid Grid(ReconstructionRequest request, ConeGeometry geometry, TomographyFile file, string name)
    {
        double voxel = request.VoxelUm is { } um ? um / 1000 : geometry.VoxelMm;
        int slices = Math.Max(1, (int)Math.Round(file.Rows * geometry.VoxelMm / voxel));
        if (request.Region is not { } region)
        {
            return new ConeGrid(Math.Max(1, (int)Math.Round(file.Columns * geometry.VoxelMm / voxel)), slices, voxel);
        }

        double field = FieldRadiusMm(geometry);
        double reach = Math.Sqrt((region.XMm * region.XMm) + (region.YMm * region.YMm)) + (region.DiameterMm / 2);
        if (reach > field)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{name}: the region of interest (centre {region.XMm}, {region.YMm} mm, diameter {region.DiameterMm} mm) reaches {reach:0.###} mm from the axis, outside the field of view ({field:0.###} mm)"));
        }

        int size = (int)Math.Ceiling((region.DiameterMm / voxel) - 1e-9);
        if ((long)size * size * slices > 2_000_000_000)
        {
            throw new InputException($"{name}: a region of {region.DiameterMm} mm at {voxel * 1000} µm voxels is {size}² × {slices} voxels; choose a coarser --voxel-um");
        }

        return new ConeGrid(size, slices, voxel, region.XMm, region.YMm);
    }

    /// <summary>The radius (mm) of the circle at the axis that every projection sees: the edge column's ray's distance from the axis.</summary>
    private static double FieldRadiusMm(ConeGeometry geometry)
    {
        double half = Math.Min(geometry.PrincipalColumn, geometry.Columns - 1 - geometry.PrincipalColumn) * geometry.PixelUMm;
        return geometry.SourceToObjectMm * Math.Sin(Math.Atan(half / geometry.SourceToDetectorMm));
    }

    /// <summary>Whether the projections are cut off by the panel: an edge value above 5 % of the largest in over a tenth of the rows.</summary>
    private static bool Truncated(float[] lineIntegrals, int columns)
    {
        float largest = 0;
        foreach (float value in lineIntegrals)
        {
            largest = Math.Max(largest, value);
        }

        int rows = lineIntegrals.Length / columns;
        int cut = 0;
        for (int r = 0; r < rows; r++)
        {
            if (Math.Max(lineIntegrals[r * columns], lineIntegrals[(r * columns) + columns - 1]) > 0.05f * largest)
            {
                cut++;
            }
        }

        return largest > 0 && cut > rows / 10;
    }

    /// <summary>Each tile's vertical sample position: the file's, or 0 for a single tile the file gives none for.</summary>
    private static double[] TilePositions(TomographyFile file, int[][] tiles, string name)
    {
        if (file.TilePositionsMm is { } recorded)
        {
            return [.. tiles.Select(t => recorded[file.Projections[t[0]].TileIndex])];
        }

        return tiles.Length == 1 ? [0.0]
            : throw new InputException($"{name} holds {tiles.Length} tiles but records no tile positions (/measurement/instrument/geometry/tile_positions_mm) to stitch them by");
    }

    private static StitchedVolume Stitch(List<TileVolume> volumes, int size, double voxelMm, string name)
    {
        try
        {
            return TileStitcher.Stitch(volumes, size, voxelMm);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{name}: {e.Message.Replace(" (Parameter 'tiles')", string.Empty, StringComparison.Ordinal)}", e);
        }
    }

    private ReconstructionMetadata Metadata(ReconstructionRequest request, ConeGeometry geometry, ConeGrid grid, double center, bool geometryFile, (double Sod, double Sdd) distances, StitchedVolume stitched, double[]? positions, bool extended)
    {
        var extra = new Dictionary<string, object>
        {
            ["source_to_object_mm"] = distances.Sod,
            ["source_to_detector_mm"] = distances.Sdd,
            ["short_scan"] = geometry.IsShortScan ? 1 : 0,
            ["top_z_mm"] = stitched.TopZMm,
            ["truncation_extended"] = extended ? 1 : 0,
        };
        if (request.Region is { } region)
        {
            extra["roi_center_mm"] = new[] { region.XMm, region.YMm };
            extra["roi_diameter_mm"] = region.DiameterMm;
        }

        if (positions is not null)
        {
            extra["tile_positions_mm"] = positions;
        }

        if (stitched.Seams.Count > 0)
        {
            extra["seam_shift_voxels"] = stitched.Seams.Select(s => s.ShiftVoxels).ToArray();
            extra["seam_correlation"] = stitched.Seams.Select(s => s.Correlation).ToArray();
            extra["seam_shift_applied"] = stitched.Seams.Select(s => s.Applied ? 1 : 0).ToArray();
        }

        return new ReconstructionMetadata(
            "1/mm",
            grid.VoxelMm * 1000,
            center,
            request.CenterPx is not null ? "given" : geometryFile ? "geometry file" : "auto (conjugate rays of the central row)",
            "fdk",
            PlanNames.NameOf(PlanNames.Filters, request.Filter),
            request.Flats.ToString().ToLowerInvariant(),
            request.RingRemoval == RingRemoval.None ? "none" : request.RingRemoval.ToString().ToLowerInvariant(),
            request.ZingerRemoval,
            0,
            request.InputPath,
            softwareVersion)
        {
            Extra = extra,
        };
    }

    /// <summary>The frames at the given indices of a stack of frames, in that order.</summary>
    private static float[] Select(float[] frames, int[] indices, int frameSize)
    {
        var selected = new float[indices.Length * frameSize];
        for (int i = 0; i < indices.Length; i++)
        {
            Array.Copy(frames, (long)indices[i] * frameSize, selected, (long)i * frameSize, frameSize);
        }

        return selected;
    }

    private static double FindCenter(float[] lineIntegrals, TomographyFile file, double[] angles, double pixelMm, double sdd, string name)
    {
        try
        {
            return ConeCenter.Find(CentralRow(lineIntegrals, angles.Length, file.Rows, file.Columns), file.Columns, angles, pixelMm, sdd);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{name}: {e.Message.Replace(" (Parameter 'anglesDeg')", string.Empty, StringComparison.Ordinal)}; give the axis with --center", e);
        }
    }

    private static float[] CentralRow(float[] lineIntegrals, int projections, int rows, int columns)
    {
        var sinogram = new float[projections * columns];
        int row = rows / 2;
        for (int p = 0; p < projections; p++)
        {
            Array.Copy(lineIntegrals, ((p * rows) + row) * columns, sinogram, p * columns, columns);
        }

        return sinogram;
    }
}
