using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Cone;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// The memory plan of a scan of several vertical tiles under a budget: the truncation pass over every row (unless a
/// region is asked, which always extends), each tile's FDK in slabs (<see cref="ConeSlabPlan"/>, its projections only),
/// the registration of the neighbours' overlaps, and the stitched volume made a slab of slices at a time
/// (<see cref="StitchPlan"/>). Each tile's height on the sample is its grid's top less its tile position (raising the
/// sample by p shows heights lowered by p).
/// </summary>
/// <param name="Slabs">Each tile's slabs, or null where the budget holds no slab of it.</param>
/// <param name="StitchSlices">Slices of the stitched volume made at a time.</param>
/// <param name="NominalSlices">The stitched volume's slices if every tile were where its position says (registration may move the lower tiles by a few voxels).</param>
internal sealed record TilesPlan(
    ConeGeometry[] Geometries,
    double[] TopsZMm,
    ConeSlabPlan?[] Slabs,
    int StitchSlices,
    int NominalSlices,
    long PeakBytes,
    long MinimumBytes)
{
    public static TilesPlan Make(TomographyScan file, ReconstructionRequest request, ConeScanInputs scan, double center, ConeGrid grid)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(request);
        long budget = request.MemoryBudgetBytes;
        int references = file.Flats.Count + file.Darks.Count;
        int tiles = scan.Tiles.Count;
        var geometries = new ConeGeometry[tiles];
        var slabs = new ConeSlabPlan?[tiles];
        var tops = new double[tiles];
        long peak = 0, minimum = 0;
        for (int t = 0; t < tiles; t++)
        {
            geometries[t] = scan.Geometry(t, center);
            slabs[t] = ConeSlabPlan.Make(geometries[t], grid, scan.Tiles[t].Length, references, budget, $"{scan.Name}, tile {t}", out long tileMinimum);
            tops[t] = grid.Z(0) - scan.TilePositionsMm[t];
            minimum = Math.Max(minimum, tileMinimum);
            peak = Math.Max(peak, slabs[t]?.PeakBytes ?? tileMinimum);
        }

        if (request.Region is null)
        {
            long row = Truncation.RowBytes(file);
            minimum = Math.Max(minimum, row);
            peak = Math.Max(peak, Truncation.BandRows(file, budget) * row);
        }

        long registration = Checked(() => TileStitcher.RegistrationBytes([.. tops.Select(top => (grid.Slices, top))], grid.Size, grid.VoxelMm), scan.Name);
        double[] offsets = [.. tops.Select(top => (tops.Max() - top) / grid.VoxelMm)];
        int nominal = (int)Math.Floor(offsets.Max() + grid.Slices - 1 + 1e-9) + 1;
        int stitchSlices = 1;
        while (stitchSlices < nominal && StitchPlan.SlabBytes(stitchSlices + 1, grid.Size) <= budget)
        {
            stitchSlices++;
        }

        minimum = Math.Max(minimum, Math.Max(registration, StitchPlan.SlabBytes(1, grid.Size)));
        peak = Math.Max(peak, Math.Max(registration, StitchPlan.SlabBytes(stitchSlices, grid.Size)));
        return new TilesPlan(geometries, tops, slabs, stitchSlices, nominal, Math.Max(peak, minimum), minimum);
    }

    /// <summary>Tiles that cannot be stitched (no overlap) are bad input naming the file.</summary>
    public static T Checked<T>(Func<T> stitching, string name)
    {
        try
        {
            return stitching();
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{name}: {e.Message.Replace(" (Parameter 'tiles')", string.Empty, StringComparison.Ordinal)}", e);
        }
    }
}
