namespace XrayController.Pipelines.Offline;

/// <summary>
/// Splits the detector rows of a parallel-beam reconstruction into slabs that fit the memory budget. Slabs start on even
/// rows, so that rows are paired for filtering exactly as when a whole frame is filtered (the live reconstruction), and
/// hold from 2 to 64 rows (enough to fill the vector units; more only costs cache). A slab of R rows holds, while it
/// is read, R + 2 rows of every frame as stored (up to 16-bit) and as floats, R rows cropped and R rows of line
/// integrals; while it is reconstructed, the line integrals, their filtered copy and three R × n² arrays (the sums,
/// the slices, the part kept).
/// </summary>
internal sealed class SlabPlan
{
    private const int MaxRows = 64;

    private SlabPlan(IReadOnlyList<(int First, int Count)> slabs, long peakBytes)
    {
        Slabs = slabs;
        PeakBytes = peakBytes;
    }

    /// <summary>The slabs, top to bottom: first detector row and rows (the last may cover fewer rows than the others).</summary>
    public IReadOnlyList<(int First, int Count)> Slabs { get; }

    /// <summary>What one of the plan's slabs allocates (bytes).</summary>
    public long PeakBytes { get; }

    /// <summary>The thickest slabs of rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) within the budget, or null when two rows do not fit; <paramref name="minimumBytes"/> is what two rows need.</summary>
    public static SlabPlan? Make(int firstRow, int endRow, int detectorRows, int projections, int references, int columns, int gridSize, long budgetBytes, out long minimumBytes)
    {
        minimumBytes = Bytes(2, projections, references, columns, gridSize);
        if (minimumBytes > budgetBytes)
        {
            return null;
        }

        int rows = 2;
        while (rows < MaxRows && Bytes(rows + 2, projections, references, columns, gridSize) <= budgetBytes)
        {
            rows += 2;
        }

        var slabs = new List<(int, int)>();
        for (int first = firstRow & ~1; first < endRow; first += rows)
        {
            slabs.Add((first, Math.Min(rows, detectorRows - first)));
        }

        return new SlabPlan(slabs, Bytes(rows, projections, references, columns, gridSize));
    }

    private static long Bytes(int rows, int projections, int references, int columns, int gridSize)
    {
        long frames = projections + references;
        long reading = (frames * (rows + 2) * columns * (sizeof(float) + sizeof(ushort))) + (frames * rows * columns * sizeof(float)) + ((long)projections * rows * columns * sizeof(float));
        long reconstructing = (2L * projections * rows * columns * sizeof(float)) + (3L * rows * gridSize * gridSize * sizeof(float));
        return Math.Max(reading, reconstructing);
    }
}
