namespace XrayController.Reconstruction.Preprocessing;

/// <summary>
/// Removes zingers (bright single-pixel outliers from direct hits on the detector) from raw counts. A zinger is
/// isolated in both directions: a pixel is one when it stands more than <c>k</c> Poisson standard deviations (and at
/// least <see cref="MinimumExcessCounts"/>) above all four of its neighbours; it is replaced by the median of its 3 × 3
/// neighbourhood. A thin feature of the sample (a crack seen edge-on) extends along some direction and is kept.
/// Rows outside the block do not count as neighbours, so a slab read with one row more on each side (a halo) gives
/// exactly what the whole frame gives.
/// </summary>
public static class ZingerRemoval
{
    public const double DefaultSigmas = 8;
    public const double MinimumExcessCounts = 50;

    /// <summary>Removes zingers from rows <paramref name="firstRow"/> … of a block of <paramref name="rows"/> rows; the other rows only serve as neighbours.</summary>
    /// <returns>How many pixels were replaced.</returns>
    public static int Remove(Span<float> block, int rows, int columns, int firstRow = 0, int? rowCount = null, double sigmas = DefaultSigmas)
    {
        if (block.Length != rows * columns)
        {
            throw new ArgumentException("the block size does not match its rows and columns", nameof(block));
        }

        int lastRow = firstRow + (rowCount ?? rows);
        float[] original = block.ToArray();
        Span<float> neighbourhood = stackalloc float[9];
        int replaced = 0;
        for (int r = firstRow; r < lastRow; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                float value = original[(r * columns) + c];
                float brightestNeighbour = float.MinValue;
                brightestNeighbour = r > 0 ? Math.Max(brightestNeighbour, original[((r - 1) * columns) + c]) : brightestNeighbour;
                brightestNeighbour = r < rows - 1 ? Math.Max(brightestNeighbour, original[((r + 1) * columns) + c]) : brightestNeighbour;
                brightestNeighbour = c > 0 ? Math.Max(brightestNeighbour, original[(r * columns) + c - 1]) : brightestNeighbour;
                brightestNeighbour = c < columns - 1 ? Math.Max(brightestNeighbour, original[(r * columns) + c + 1]) : brightestNeighbour;
                double excess = value - brightestNeighbour;
                if (!(excess > MinimumExcessCounts))
                {
                    continue;
                }

                // Only a pixel well above its four neighbours needs its neighbourhood's median (the test and the replacement).
                int count = 0;
                for (int rr = Math.Max(0, r - 1); rr <= Math.Min(rows - 1, r + 1); rr++)
                {
                    for (int cc = Math.Max(0, c - 1); cc <= Math.Min(columns - 1, c + 1); cc++)
                    {
                        neighbourhood[count++] = original[(rr * columns) + cc];
                    }
                }

                Span<float> used = neighbourhood[..count];
                used.Sort();
                float median = used[count / 2];
                if (excess > sigmas * Math.Sqrt(Math.Max(median, 1)))
                {
                    block[(r * columns) + c] = median;
                    replaced++;
                }
            }
        }

        return replaced;
    }
}
