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
                int count = 0;
                for (int dr = -1; dr <= 1; dr++)
                {
                    for (int dc = -1; dc <= 1; dc++)
                    {
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr < 0 || rr >= rows || cc < 0 || cc >= columns)
                        {
                            continue;
                        }

                        float neighbour = original[(rr * columns) + cc];
                        neighbourhood[count++] = neighbour;
                        if ((dr == 0) != (dc == 0))
                        {
                            brightestNeighbour = Math.Max(brightestNeighbour, neighbour);
                        }
                    }
                }

                Span<float> used = neighbourhood[..count];
                used.Sort();
                float median = used[count / 2];
                double excess = value - brightestNeighbour;
                if (excess > MinimumExcessCounts && excess > sigmas * Math.Sqrt(Math.Max(median, 1)))
                {
                    block[(r * columns) + c] = median;
                    replaced++;
                }
            }
        }

        return replaced;
    }
}
