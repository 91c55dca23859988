using XrayController.Core.Diagnostics;
using XrayController.Reconstruction.Cone;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>One slab of a cone-beam volume's slices and the band of detector rows it sees.</summary>
internal sealed record ConeSlab(int FirstSlice, int Slices, DetectorBand Band);

/// <summary>
/// Splits a cone-beam volume into slabs of slices as thick as the memory budget allows. A slab holds its band of every
/// projection twice (the band kept from the slab before beside the one being assembled) and the rows being read three
/// times over (raw, cropped and corrected), the flats and darks of those rows, its slices, and each thread's block of
/// voxels; the plan takes the largest band any slab of that thickness needs.
/// </summary>
internal sealed class ConeSlabPlan
{
    private ConeSlabPlan(IReadOnlyList<ConeSlab> slabs, long bytes)
    {
        Slabs = slabs;
        PeakBytes = bytes;
    }

    public IReadOnlyList<ConeSlab> Slabs { get; }

    /// <summary>What the plan's largest slab allocates (bytes), the budget it was made for permitting.</summary>
    public long PeakBytes { get; }

    /// <summary>
    /// The thickest slabs within <paramref name="budgetBytes"/>, or null when even one slice does not fit;
    /// <paramref name="minimumBytes"/> is what one slice needs. A slice whose band of every projection is more values
    /// than one array holds cannot be made under any budget: bad input naming <paramref name="name"/>.
    /// </summary>
    public static ConeSlabPlan? Make(ConeGeometry geometry, ConeGrid grid, int projections, int references, long budgetBytes, string name, out long minimumBytes)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(grid);
        ConeSlab[] thinnest = Split(geometry, grid, 1);
        minimumBytes = Bytes(geometry, grid, projections, references, 1, thinnest);
        if (minimumBytes == long.MaxValue)
        {
            long band = thinnest.Max(s => (long)s.Band.Rows);
            throw new InputException($"{name}: a slice of the {grid.Size}² × {grid.Slices} volume sees up to {band} detector rows, and {projections} projections × {geometry.Columns} columns × {band} rows are more values than one array holds ({Array.MaxLength}): no budget makes it in slabs; bin the detector or reconstruct fewer projections");
        }

        if (minimumBytes > budgetBytes)
        {
            return null;
        }

        int low = 1;
        int high = grid.Slices;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (Bytes(geometry, grid, projections, references, middle, Split(geometry, grid, middle)) <= budgetBytes)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        ConeSlab[] slabs = Split(geometry, grid, low);
        return new ConeSlabPlan(slabs, Bytes(geometry, grid, projections, references, low, slabs));
    }

    private static ConeSlab[] Split(ConeGeometry geometry, ConeGrid grid, int thickness) =>
    [
        .. Enumerable.Range(0, (grid.Slices + thickness - 1) / thickness)
            .Select(s => new ConeSlab(s * thickness, Math.Min(thickness, grid.Slices - (s * thickness)), DetectorBand.ForSlab(geometry, grid, s * thickness, Math.Min(thickness, grid.Slices - (s * thickness))))),
    ];

    private static long Bytes(ConeGeometry geometry, ConeGrid grid, int projections, int references, int thickness, ConeSlab[] slabs)
    {
        long band = slabs.Max(s => (long)s.Band.Rows);
        long columns = geometry.Columns;
        long projectionBytes = 5L * projections * columns * band;
        long referenceBytes = 2L * references * columns * (band + 2);
        long voxels = ((long)grid.Size * grid.Size * thickness) + ((long)Environment.ProcessorCount * grid.Size * thickness);

        // A band of every projection, and a slab, are single arrays.
        return (long)projections * columns * band > Array.MaxLength || (long)grid.Size * grid.Size * thickness > Array.MaxLength
            ? long.MaxValue
            : sizeof(float) * (projectionBytes + referenceBytes + voxels + band);
    }
}
