using System.Diagnostics;
using System.Globalization;
using XrayController.Core.Diagnostics;
using XrayController.Core.Optics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Centering;
using XrayController.Reconstruction.Cone;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ParallelBeam;

/// <summary>
/// Reconstructs a parallel-beam tomogram offline: slab by slab, read the rows, correct them (zingers, dark, flat, −log),
/// remove stripes when asked, filter and back-project, write the slices. The centre is found once, from the middle row
/// of the range, unless given. Input problems are <see cref="InputException"/>s naming the file and what is wrong.
/// </summary>
internal sealed class ParallelReconstruction(string softwareVersion)
{
    public ReconstructionResult Run(TomographyFile file, ReconstructionRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string name = Path.GetFileName(request.InputPath);
        (int wholeFirst, int wholeEnd) = Range(request, file, name);
        (int first, int end) = Part(request, wholeFirst, wholeEnd, name);
        ParallelGeometry measured = Geometry(file, request.CenterPx ?? (file.Columns - 1) / 2.0, name);
        var corrector = new SlabCorrector(file, request);
        double center = request.CenterPx ?? FindCenter(corrector, measured, (wholeFirst + wholeEnd) / 2);
        ParallelGeometry geometry = Placed(measured with { CenterPx = center }, request, name);
        var grid = new ReconstructionGrid(geometry.Columns);
        SlabPlan plan = Plan(file, request, first, end, grid, geometry.Columns, out long minimum)
            ?? throw MemoryBudget.TooSmall($"{name}: a slab of two detector rows", $"{file.Projections.Count} projections of {geometry.Columns} columns, two {grid.Size}² slices", minimum, request.MemoryBudgetBytes);
        string output = request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath);
        var metadata = new ReconstructionMetadata(
            geometry.Units,
            file.PixelSizeMm * 1000,
            center,
            request.CenterSource ?? (request.CenterPx is null ? CenterMethod(measured) : "given"),
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
            softwareVersion)
        {
            Extra = new Dictionary<string, object> { ["half_acquisition"] = geometry.Measured is null ? 0 : 1 },
        };
        using var writer = new ReconstructionFileWriter(output, end - first, grid.Size, metadata, request.OutputType);
        TiffStackWriter? tiff = request.TiffDirectory is null ? null : new TiffStackWriter(request.TiffDirectory, grid.Size);
        foreach ((int slabFirst, int slabRows) in plan.Slabs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            float[] lineIntegrals = geometry.Widen(corrector.LineIntegrals(slabFirst, slabRows, request.RingRemoval), slabRows);
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

    /// <summary>The slabs' memory and the volume's bytes under the request's budget; every row read, corrected and back-projected once.</summary>
    public static ReconstructionEstimate Estimate(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        string name = Path.GetFileName(request.InputPath);
        (int wholeFirst, int wholeEnd) = Range(request, file, name);
        (int first, int end) = Part(request, wholeFirst, wholeEnd, name);
        Geometry(file, request.CenterPx ?? (file.Columns - 1) / 2.0, name);
        var grid = new ReconstructionGrid(file.Columns);
        SlabPlan? plan = Plan(file, request, first, end, grid, file.Columns, out long minimum);
        int rows = plan?.Slabs.Sum(s => s.Count) ?? end - (first & ~1);
        long voxels = (long)(end - first) * grid.Size * grid.Size;
        long tiffBytes = request.TiffDirectory is null ? 0 : voxels * sizeof(float);
        return new ReconstructionEstimate(
            "parallel beam (FBP)",
            request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath),
            plan?.PeakBytes ?? minimum,
            (voxels * request.OutputType.BytesPerVoxel()) + tiffBytes,
            (voxels * request.OutputType.PeakDiskBytesPerVoxel()) + tiffBytes,
            plan?.Slabs.Count ?? 0,
            "slabs",
            request.MemoryBudgetBytes,
            minimum,
            new ReconstructionWork(
                (double)(file.Projections.Count + file.Flats.Count + file.Darks.Count) * rows * file.Columns,
                (double)grid.Size * grid.Size * rows * file.Projections.Count,
                0));
    }

    private static SlabPlan? Plan(TomographyScan file, ReconstructionRequest request, int first, int end, ReconstructionGrid grid, int columns, out long minimum) =>
        SlabPlan.Make(first, end, file.Rows, file.Projections.Count, file.Flats.Count + file.Darks.Count, columns, grid.Size, request.MemoryBudgetBytes, out minimum);

    private static (int First, int End) Range(ReconstructionRequest request, TomographyScan file, string name)
    {
        int first = request.FirstSlice ?? 0;
        int end = request.EndSlice ?? file.Rows;
        return first >= 0 && end <= file.Rows && first < end
            ? (first, end)
            : throw new InputException($"slices {first}:{end} are outside {name}'s rows 0:{file.Rows}");
    }

    /// <summary>
    /// The rows of the request's part of the range [<paramref name="first"/>, <paramref name="end"/>), or the whole range.
    /// </summary>
    private static (int First, int End) Part(ReconstructionRequest request, int first, int end, string name) => request.Part switch
    {
        null => (first, end),
        { First: >= 0 } part when part.First < part.End && part.End <= end - first => (first + part.First, first + part.End),
        { } part => throw new InputException($"slices {part.First}:{part.End} of the volume are outside {name}'s {end - first} slices"),
    };

    /// <summary>The slices the request's volume has: its rows, once sure the file holds one tomogram.</summary>
    public static int Slices(TomographyScan file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        string name = Path.GetFileName(request.InputPath);
        (int first, int end) = Range(request, file, name);
        Geometry(file, request.CenterPx ?? (file.Columns - 1) / 2.0, name);
        return end - first;
    }

    /// <summary>The request ready to reconstruct in parts (<see cref="ReconstructionRequest.Part"/>): the rotation axis found once, as a whole run finds it.</summary>
    public static ReconstructionRequest Decide(TomographyFile file, ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        if (request.CenterPx is not null)
        {
            return request;
        }

        string name = Path.GetFileName(request.InputPath);
        (int first, int end) = Range(request, file, name);
        ParallelGeometry geometry = Geometry(file, (file.Columns - 1) / 2.0, name);
        return request with { CenterPx = FindCenter(new SlabCorrector(file, request), geometry, (first + end) / 2), CenterSource = CenterMethod(geometry) };
    }

    private static ParallelGeometry Geometry(TomographyScan file, double center, string name)
    {
        if (file.Projections.Select(p => (p.EnergyEv, p.DistanceIndex, p.TileIndex)).Distinct().Count() > 1)
        {
            throw new InputException($"{name} holds projections at several energies, distances or tiles; each is its own tomogram (their reconstruction comes with the XANES, holotomography and lab-CT work)");
        }

        var geometry = new ParallelGeometry(file.Columns, center, [.. file.Projections.Select(p => p.AngleDeg)], file.PixelSizeMm ?? double.NaN);
        OfflineReconstruction.Check(geometry.Validate, name);
        return geometry;
    }

    /// <summary>
    /// The axis from one row: over a full turn, from each ray and its conjugate half a turn later mirrored about the
    /// candidate, searched across the whole detector (<see cref="ConeCenter"/> with the source at infinity), which
    /// finds an axis near the edge (a half-acquisition) as well as a centred one; over half a turn by Vo's method.
    /// </summary>
    private static double FindCenter(SlabCorrector corrector, ParallelGeometry geometry, int row)
    {
        float[] sinogram = corrector.LineIntegrals(row, 1, RingRemoval.None);
        return IsFullTurn(geometry) ? ConeCenter.Find(sinogram, geometry.Columns, geometry.AnglesDeg, 1, double.PositiveInfinity)
            : CenterOfRotation.Find(sinogram, geometry.Columns, geometry.AnglesDeg);
    }

    private static string CenterMethod(ParallelGeometry geometry) => IsFullTurn(geometry) ? "auto (conjugate rays of the full turn)" : "auto (Vo 2014)";

    private static bool IsFullTurn(ParallelGeometry geometry) =>
        geometry.Angles > 1 && (geometry.AnglesDeg[^1] - geometry.AnglesDeg[0]) * geometry.Angles / (geometry.Angles - 1) >= 360 - 1e-6;

    /// <summary>
    /// The detector as the reconstruction places it: a full turn whose axis lies far off the centre (or asked with
    /// <see cref="ReconstructionRequest.HalfAcquisition"/>) is a half-acquisition, widened to the far side and weighted
    /// (<see cref="ParallelGeometry.AsHalfAcquisition"/>); an axis fewer than 4 columns from the edge is refused.
    /// </summary>
    private static ParallelGeometry Placed(ParallelGeometry measured, ReconstructionRequest request, string name)
    {
        OfflineReconstruction.Check(measured.Validate, name);
        bool half = request.HalfAcquisition ?? (IsFullTurn(measured) && HalfAcquisition.Applies(measured.CenterPx, measured.Columns));
        if (!half)
        {
            return measured;
        }

        double near = HalfAcquisition.NearSideColumns(measured.CenterPx, measured.Columns);
        if (!IsFullTurn(measured) || near < HalfAcquisition.MinimumOverlapColumns)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{name}: a half-acquisition needs a full turn and the rotation axis at least {HalfAcquisition.MinimumOverlapColumns} columns from the detector's edge; this scan's axis lies {near:0.#} columns from it"));
        }

        return measured.AsHalfAcquisition();
    }
}
