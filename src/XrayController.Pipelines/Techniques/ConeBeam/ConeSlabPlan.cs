using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Cone;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>One slab of a cone-beam volume's slices and the band of detector rows it sees.</summary>
internal sealed record ConeSlab(int FirstSlice, int Slices, DetectorBand Band);

/// <summary>
/// Splits a cone-beam volume into slabs of slices as thick as the memory budget allows. When one slice's band of
/// every projection fits, a slab holds that band twice (the band kept from the slab before beside the one being
/// assembled) and the rows being read three times over (raw, cropped and corrected), the flats and darks of those
/// rows, its slices, and each thread's block of voxels: every detector row is read once. When it does not (a tall
/// detector at a wide cone angle, thousands of projections), each slab takes its projections a group at a time
/// (<see cref="ProjectionsPerPass"/>, a multiple of <see cref="FdkBackprojector.ProjectionGroup"/>, so the volume is the
/// same bit for bit): the band of one group is read three times over beside the flats and darks; rows are read again
/// for each slab that sees them and the references for each group, so the plan picks the group size and slab
/// thickness that read least.
/// </summary>
internal sealed class ConeSlabPlan
{
    private ConeSlabPlan(IReadOnlyList<ConeSlab> slabs, int projectionsPerPass, long bytes, double rowReads, long allAtOnceMinimumBytes)
    {
        AllAtOnceMinimumBytes = allAtOnceMinimumBytes;
        Slabs = slabs;
        ProjectionsPerPass = projectionsPerPass;
        PeakBytes = bytes;
        RowReads = rowReads;
    }

    public IReadOnlyList<ConeSlab> Slabs { get; }

    /// <summary>The volume's slice the plan's first slab starts at (0 unless made for a part).</summary>
    public int FirstSlice => Slabs[0].FirstSlice;

    /// <summary>The projections a slab takes at a time: all of them, or a group.</summary>
    public int ProjectionsPerPass { get; }

    /// <summary>What the plan's largest slab allocates (bytes), the budget it was made for permitting.</summary>
    public long PeakBytes { get; }

    /// <summary>The smallest budget that takes every projection at once (<see cref="long.MaxValue"/> when none does).</summary>
    public long AllAtOnceMinimumBytes { get; }

    /// <summary>Detector rows of one frame read and corrected over the whole volume (projections and references alike).</summary>
    public double RowReads { get; }

    /// <summary>
    /// The plan within <paramref name="budgetBytes"/>, or null when even one slice does not fit;
    /// <paramref name="minimumBytes"/> is what one slice needs (its projections a group at a time when that is less).
    /// A slice whose band of one group is more values than one array holds cannot be made under any budget: bad input
    /// naming <paramref name="name"/>. With a <paramref name="part"/>, the plan covers only those slices.
    /// </summary>
    public static ConeSlabPlan? Make(ConeGeometry geometry, ConeGrid grid, int projections, int references, long budgetBytes, string name, out long minimumBytes, VolumePart? part = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(grid);
        VolumePart slices = part ?? new VolumePart(0, grid.Slices);
        ConeSlab[] thinnest = Split(geometry, grid, 1, slices);
        long whole = Bytes(geometry, grid, projections, projections, references, thinnest);
        int group = Math.Min(projections, FdkBackprojector.ProjectionGroup);
        minimumBytes = Math.Min(whole, Bytes(geometry, grid, projections, group, references, thinnest));
        if (minimumBytes == long.MaxValue)
        {
            long band = thinnest.Max(s => (long)s.Band.Rows);
            throw new InputException($"{name}: a slice of the {grid.Size}² × {grid.Slices} volume sees up to {band} detector rows, and {group} projections × {geometry.Columns} columns × {band} rows are more values than one array holds ({Array.MaxLength}): no budget makes it in slabs; bin the detector");
        }

        if (minimumBytes > budgetBytes)
        {
            return null;
        }

        if (Fits(whole, budgetBytes))
        {
            int thickness = Thickest(geometry, grid, projections, projections, references, budgetBytes, slices);
            ConeSlab[] slabs = Split(geometry, grid, thickness, slices);
            return new ConeSlabPlan(slabs, projections, Bytes(geometry, grid, projections, projections, references, slabs), (double)geometry.Rows * (projections + references), whole);
        }

        ConeSlabPlan? best = null;
        for (int perPass = group; perPass < projections; perPass *= 2)
        {
            if (!Fits(Bytes(geometry, grid, projections, perPass, references, thinnest), budgetBytes))
            {
                break;
            }

            int thickness = Thickest(geometry, grid, projections, perPass, references, budgetBytes, slices);
            ConeSlab[] slabs = Split(geometry, grid, thickness, slices);
            int passes = (projections + perPass - 1) / perPass;
            double reads = slabs.Sum(s => (double)s.Band.Rows) * (projections + ((double)references * passes));
            if (best is null || reads < best.RowReads)
            {
                best = new ConeSlabPlan(slabs, perPass, Bytes(geometry, grid, projections, perPass, references, slabs), reads, whole);
            }
        }

        return best;
    }

    /// <summary>The thickest slabs whose largest band fits the budget (one slice fits).</summary>
    private static int Thickest(ConeGeometry geometry, ConeGrid grid, int projections, int perPass, int references, long budgetBytes, VolumePart slices)
    {
        int low = 1;
        int high = slices.Slices;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (Fits(Bytes(geometry, grid, projections, perPass, references, Split(geometry, grid, middle, slices)), budgetBytes))
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    /// <summary>Whether a slab's bytes are within the budget (<see cref="long.MaxValue"/>: arrays past their limit, never).</summary>
    private static bool Fits(long bytes, long budgetBytes) => bytes != long.MaxValue && bytes <= budgetBytes;

    private static ConeSlab[] Split(ConeGeometry geometry, ConeGrid grid, int thickness, VolumePart slices) =>
    [
        .. Enumerable.Range(0, (slices.Slices + thickness - 1) / thickness)
            .Select(s => slices.First + (s * thickness))
            .Select(first => new ConeSlab(first, Math.Min(thickness, slices.End - first), DetectorBand.ForSlab(geometry, grid, first, Math.Min(thickness, slices.End - first)))),
    ];

    private static long Bytes(ConeGeometry geometry, ConeGrid grid, int projections, int perPass, int references, ConeSlab[] slabs)
    {
        long band = slabs.Max(s => (long)s.Band.Rows);
        long columns = geometry.Columns;
        int thickness = slabs.Max(s => s.Slices);

        // All at once: the band kept and the band assembled, and the rows read three times over; by groups: a group's band read three times over.
        long projectionBytes = perPass == projections ? 5L * projections * columns * band : 3L * perPass * columns * (band + 2);
        long referenceBytes = 2L * references * columns * (band + 2);
        long voxels = ((long)grid.Size * grid.Size * thickness) + ((long)Environment.ProcessorCount * grid.Size * thickness);

        // A band of the projections taken at a time, and a slab, are single arrays.
        return (long)perPass * columns * (band + 2) > Array.MaxLength || (long)grid.Size * grid.Size * thickness > Array.MaxLength
            ? long.MaxValue
            : sizeof(float) * (projectionBytes + referenceBytes + voxels + band);
    }
}
