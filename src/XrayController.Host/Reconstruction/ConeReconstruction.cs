using System.Diagnostics;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Reconstruction.Cone;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Host.Reconstruction;

/// <summary>
/// Reconstructs a cone-beam scan from a fixed source (the file's source-to-object and source-to-detector distances and
/// its pixel at the sample) with FDK into a volume of the detector's rows × columns² voxels at the natural voxel
/// (the pixel at the axis). The projections are corrected as for parallel beams (whole detector at once). The
/// rotation axis's column is the principal point's: given, or found from the conjugate rays of the central row
/// (<see cref="ConeCenter"/>, which needs a full turn).
/// </summary>
public sealed class ConeReconstruction(string softwareVersion)
{
    public static bool IsConeBeam(TomographyFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.ConeBeam is not null;
    }

    public ReconstructionResult Run(ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using TomographyFile file = OfflineReconstruction.Open(request.InputPath);
        return Run(file, request, cancellationToken);
    }

    /// <summary>Reconstructs an already open file (the offline reconstruction opens it once to choose the path).</summary>
    internal ReconstructionResult Run(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string name = OfflineReconstruction.RequireWhole(request, "a cone-beam scan");
        ConeGeometryFile? given = request.ConeGeometry;
        (double sod, double sdd) = given is not null ? (given.SourceToObjectMm, given.SourceToDetectorMm)
            : file.ConeBeam ?? throw new InputException($"{name} records no source-to-object and source-to-detector distances; give them with --geometry");

        if (file.Projections.Select(p => (p.EnergyEv, p.DistanceIndex, p.TileIndex)).Distinct().Count() > 1)
        {
            throw new InputException($"{name} holds projections at several tiles or energies; their cone-beam reconstruction and stitching come with the rest of the lab-CT work");
        }

        double pixelUMm = given?.PixelUMm ?? (file.PixelSizeMm ?? throw new InputException($"{name} records no pixel size (/measurement/instrument/geometry pixel_size_um); give it with --geometry")) * sdd / sod;
        double pixelVMm = given?.PixelVMm ?? pixelUMm;
        long bytes = 4L * file.Rows * file.Columns * ((2L * file.Projections.Count) + file.Columns);
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
        double center = request.CenterPx ?? (given is not null ? middle + given.OffsetUPx : FindCenter(lineIntegrals, file, angles, pixelUMm, sdd, name));
        var geometry = new ConeGeometry(file.Rows, file.Columns, sod, sdd, pixelUMm, pixelVMm, center - middle, given?.OffsetVPx ?? 0, angles);
        OfflineReconstruction.Check(geometry.Validate, name);
        var grid = new ConeGrid(file.Columns, file.Rows, geometry.VoxelMm);
        float[] volume = Fdk.Reconstruct(lineIntegrals, geometry, request.Filter, grid);
        string output = request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath);
        var metadata = new ReconstructionMetadata(
            "1/mm",
            geometry.VoxelMm * 1000,
            center,
            request.CenterPx is not null ? "given" : given is not null ? "geometry file" : "auto (conjugate rays of the central row)",
            "fdk",
            PlanNames.NameOf(PlanNames.Filters, request.Filter),
            request.Flats.ToString().ToLowerInvariant(),
            request.RingRemoval == RingRemoval.None ? "none" : request.RingRemoval.ToString().ToLowerInvariant(),
            request.ZingerRemoval,
            0,
            request.InputPath,
            softwareVersion)
        {
            Extra = new Dictionary<string, object>
            {
                ["source_to_object_mm"] = sod,
                ["source_to_detector_mm"] = sdd,
                ["short_scan"] = geometry.IsShortScan ? 1 : 0,
            },
        };
        using (var writer = new ReconstructionFileWriter(output, file.Rows, grid.Size, metadata))
        {
            writer.WriteSlab(0, volume);
            writer.Complete();
        }

        return new ReconstructionResult(output, 0, file.Rows, grid.Size, center, metadata.CenterSource, metadata.Units, corrector.Counts.Floored, corrector.Counts.Zingers, clock.Elapsed.TotalSeconds, null);
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
