using System.Numerics;

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
        Span<float> neighbourhood = stackalloc float[9];
        var replacements = new List<(int At, float Median)>();
        for (int r = firstRow; r < lastRow; r++)
        {
            int c = 0;
            while (c < columns)
            {
                // Eight pixels at a time, none of them far enough above its four neighbours, are passed over at once.
                c = c > 0 && r > 0 && r < rows - 1 ? SkipQuiet(block, r, c, columns) : c;
                if (c < columns)
                {
                    if (Median(block, r, c, rows, columns, sigmas, neighbourhood) is { } median)
                    {
                        replacements.Add(((r * columns) + c, median));
                    }

                    c++;
                }
            }
        }

        // Replaced only once every pixel was judged against the values as read.
        foreach ((int at, float median) in replacements)
        {
            block[at] = median;
        }

        return replacements.Count;
    }

    /// <summary>
    /// From column <paramref name="c"/> of interior row <paramref name="r"/>, the first column of a group of eight
    /// (between the edge columns) that holds a pixel more than <see cref="MinimumExcessCounts"/> above its four
    /// neighbours, or of the row's last group; the pixels passed over are no zingers (<see cref="Median"/>).
    /// </summary>
    private static int SkipQuiet(ReadOnlySpan<float> original, int r, int c, int columns)
    {
        var minimum = new Vector<float>((float)MinimumExcessCounts);
        ReadOnlySpan<float> row = original.Slice(r * columns, columns);
        ReadOnlySpan<float> above = original.Slice((r - 1) * columns, columns);
        ReadOnlySpan<float> below = original.Slice((r + 1) * columns, columns);
        for (; c + Vector<float>.Count < columns; c += Vector<float>.Count)
        {
            Vector<float> brightest = Vector.Max(Vector.Max(new Vector<float>(above[c..]), new Vector<float>(below[c..])), Vector.Max(new Vector<float>(row[(c - 1)..]), new Vector<float>(row[(c + 1)..])));
            if (Vector.GreaterThanAny(new Vector<float>(row[c..]) - brightest, minimum))
            {
                return c;
            }
        }

        return c;
    }

    /// <summary>The median of pixel (<paramref name="r"/>, <paramref name="c"/>)'s neighbourhood when the pixel is a zinger, else null.</summary>
    private static float? Median(ReadOnlySpan<float> original, int r, int c, int rows, int columns, double sigmas, Span<float> neighbourhood)
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
            return null;
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
        return excess > sigmas * Math.Sqrt(Math.Max(median, 1)) ? median : null;
    }
}
