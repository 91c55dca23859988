using System.Diagnostics;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Pipelines.Techniques.Holotomography;
using XrayController.Pipelines.Techniques.Spectral;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Centering;
using XrayController.Reconstruction;
using XrayController.Storage.Reading;
using XrayController.Storage;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// Reconstructs a tomography file offline: slab by slab, read the rows, correct them (zingers, dark, flat, −log),
/// remove stripes when asked, filter and back-project, write the slices. The centre is found once, from the middle row
/// of the range, unless given. A scan at several energies goes to <see cref="SpectralReconstruction"/>, a holotomography
/// scan to <see cref="PhaseReconstruction"/>, a cone-beam one to <see cref="ConeReconstruction"/>. Input problems are
/// <see cref="InputException"/>s naming the file and what is wrong.
/// </summary>
public sealed class OfflineReconstruction(string softwareVersion)
{
    public ReconstructionResult Run(ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        using TomographyFile file = Open(request.InputPath);
        bool cone = ConeReconstruction.IsConeBeam(file) || request.ConeGeometry is not null;
        if ((request.Region is not null || request.VoxelUm is not null) && (!cone || PhaseReconstruction.IsHolographic(file)))
        {
            throw new InputException($"{Path.GetFileName(request.InputPath)} is not a lab cone-beam scan: --roi and --voxel-um apply to FDK reconstructions");
        }

        if (SpectralReconstruction.IsSpectral(file))
        {
            return new SpectralReconstruction(softwareVersion).Run(file, request, cancellationToken);
        }

        if (PhaseReconstruction.IsHolographic(file))
        {
            return new PhaseReconstruction(softwareVersion).Run(file, request, cancellationToken);
        }

        if (request.Algorithm is { } algorithm && (algorithm == ReconstructionAlgorithm.Fdk) != cone)
        {
            throw new InputException(cone
                ? $"{Path.GetFileName(request.InputPath)} is a cone-beam scan (source-to-object and source-to-detector distances): reconstruct it with fdk"
                : $"{Path.GetFileName(request.InputPath)} is not a cone-beam scan (no source-to-object distance): fdk needs one; use fbp");
        }

        if (cone)
        {
            return new ConeReconstruction(softwareVersion).Run(file, request, cancellationToken);
        }

        if (request.Phase != PhaseRetrieval.None)
        {
            throw new InputException($"{Path.GetFileName(request.InputPath)} is not a holotomography scan (no distances in /measurement/instrument/geometry); phase retrieval needs the propagation distances, the energy and the pixel size");
        }

        string name = Path.GetFileName(request.InputPath);
        (int first, int end) = Range(request, file, name);
        ParallelGeometry geometry = Geometry(file, request.CenterPx ?? (file.Columns - 1) / 2.0, name);
        var grid = new ReconstructionGrid(file.Columns);
        var corrector = new SlabCorrector(file, request);
        double center = request.CenterPx ?? FindCenter(corrector, geometry, (first + end) / 2);
        geometry = geometry with { CenterPx = center };
        Check(() => geometry.Validate(), name);
        string output = request.OutputPath ?? DefaultOutput(request.InputPath);
        var metadata = new ReconstructionMetadata(
            geometry.Units,
            file.PixelSizeMm * 1000,
            center,
            request.CenterPx is null ? "auto (Vo 2014)" : "given",
            "fbp",
            PlanNames.NameOf(PlanNames.Filters, request.Filter),
            request.Flats.ToString().ToLowerInvariant(),
            request.RingRemoval switch
            {
                RingRemoval.Sort => "sorting (Vo 2018)",
                RingRemoval.Mean => "column means (Rivers 1998)",
                _ => "none",
            },
            request.ZingerRemoval,
            first,
            request.InputPath,
            softwareVersion);
        using var writer = new ReconstructionFileWriter(output, end - first, grid.Size, metadata);
        TiffStackWriter? tiff = request.TiffDirectory is null ? null : new TiffStackWriter(request.TiffDirectory, grid.Size);
        foreach ((int slabFirst, int slabRows) in SlabPlan.Slabs(first, end, file.Rows, file.Projections.Count, file.Columns, grid.Size, request.MemoryBudgetBytes))
        {
            cancellationToken.ThrowIfCancellationRequested();
            float[] lineIntegrals = corrector.LineIntegrals(slabFirst, slabRows, request.RingRemoval);
            float[] slab = ParallelFbp.Reconstruct(lineIntegrals, slabRows, geometry, request.Filter, grid);
            int keepFrom = Math.Max(first, slabFirst);
            int keepTo = Math.Min(end, slabFirst + slabRows);
            float[] kept = slab[((keepFrom - slabFirst) * grid.Size * grid.Size)..((keepTo - slabFirst) * grid.Size * grid.Size)];
            writer.WriteSlab(keepFrom - first, kept);
            tiff?.Write(keepFrom - first, kept);
        }

        writer.Complete();
        return new ReconstructionResult(output, first, end - first, grid.Size, center, metadata.CenterSource, geometry.Units, corrector.Counts.Floored, corrector.Counts.Zingers, clock.Elapsed.TotalSeconds, request.TiffDirectory);
    }

    public static string DefaultOutput(string input) =>
        Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + "_recon.h5");

    internal static TomographyFile Open(string path)
    {
        try
        {
            return TomographyFileReader.Open(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException or FormatException or ArgumentException)
        {
            throw new InputException($"cannot read {path}: {e.Message}", e);
        }
    }

    private static (int First, int End) Range(ReconstructionRequest request, TomographyFile file, string name)
    {
        int first = request.FirstSlice ?? 0;
        int end = request.EndSlice ?? file.Rows;
        return first >= 0 && end <= file.Rows && first < end
            ? (first, end)
            : throw new InputException($"slices {first}:{end} are outside {name}'s rows 0:{file.Rows}");
    }

    private static ParallelGeometry Geometry(TomographyFile file, double center, string name)
    {
        if (file.Projections.Select(p => (p.EnergyEv, p.DistanceIndex, p.TileIndex)).Distinct().Count() > 1)
        {
            throw new InputException($"{name} holds projections at several energies, distances or tiles; each is its own tomogram (their reconstruction comes with the XANES, holotomography and lab-CT work)");
        }

        var geometry = new ParallelGeometry(file.Columns, center, [.. file.Projections.Select(p => p.AngleDeg)], file.PixelSizeMm ?? double.NaN);
        Check(geometry.Validate, name);
        return geometry;
    }

    private static double FindCenter(SlabCorrector corrector, ParallelGeometry geometry, int row)
    {
        float[] sinogram = corrector.LineIntegrals(row, 1, RingRemoval.None);
        return CenterOfRotation.Find(sinogram, geometry.Columns, geometry.AnglesDeg);
    }

    /// <summary>The file's name, once sure no slice range was asked of a scan that is reconstructed whole (<paramref name="kind"/>: "a spectral scan" …).</summary>
    internal static string RequireWhole(ReconstructionRequest request, string kind)
    {
        string name = Path.GetFileName(request.InputPath);
        return request.FirstSlice is null && request.EndSlice is null
            ? name
            : throw new InputException($"{name} is {kind}, reconstructed whole: --slices applies to single tomograms (one energy, distance and tile, parallel beam)");
    }

    internal static void Check(Action validate, string name)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{name}: {e.Message}", e);
        }
    }
}
