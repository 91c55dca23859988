namespace XrayController.Pipelines.Offline;

/// <summary>
/// Splits the rows to reconstruct into slabs that fit the memory budget. Slabs start on even rows, so that rows are
/// paired for filtering exactly as when a whole frame is filtered (the live reconstruction), and hold at most 64 rows
/// (enough to fill the vector units; more only costs cache).
/// </summary>
internal static class SlabPlan
{
    private const int MaxRows = 64;

    public static IEnumerable<(int First, int Count)> Slabs(int firstRow, int endRow, int detectorRows, int projections, int columns, int gridSize, long budgetBytes)
    {
        long bytesPerRow = (3L * projections * columns * sizeof(float)) + (2L * gridSize * gridSize * sizeof(float));
        int rows = (int)Math.Clamp(budgetBytes / bytesPerRow, 2, MaxRows) & ~1;
        if (budgetBytes / bytesPerRow < 1)
        {
            throw new InvalidOperationException($"one detector row of this scan needs {bytesPerRow / 1e6:0.#} MB, more than the {budgetBytes / 1e6:0.#} MB memory budget");
        }

        for (int first = firstRow & ~1; first < endRow; first += rows)
        {
            yield return (first, Math.Min(rows, detectorRows - first));
        }
    }
}
