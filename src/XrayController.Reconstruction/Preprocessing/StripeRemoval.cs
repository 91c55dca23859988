namespace XrayController.Reconstruction.Preprocessing;

/// <summary>
/// Removes stripes from a sinogram (the cause of ring artefacts). Two methods, both needing the whole sinogram, so they
/// run offline or in the live reconstruction's finalise pass:
/// <list type="bullet">
/// <item>sorting (Vo, Atwood and Drakopoulos, Opt. Express 26 (2018) 28396): each detector column is sorted along the
/// angles, which turns a stripe into a smooth step across columns; a median across columns of the sorted sinogram
/// removes it; the values go back to their angles. Handles partial stripes; smooths sharp features somewhat.</item>
/// <item>mean (M. Rivers, 1998): a full stripe — a detector column whose gain is off all scan long, as the noise of a
/// few flats makes — shifts that column's mean over the angles; the difference between the column means and their
/// moving average across columns is taken off every row. Leaves the sample's structure alone.</item>
/// </list>
/// </summary>
public static class StripeRemoval
{
    public const int DefaultWindow = 11;

    /// <summary>Removes full stripes by column means (Rivers); <paramref name="sinogram"/> is [angle][column], filtered in place.</summary>
    public static void RemoveFullStripes(Span<float> sinogram, int angles, int columns, int window = DefaultWindow)
    {
        if (sinogram.Length != angles * columns)
        {
            throw new ArgumentException("the sinogram size does not match its angles and columns", nameof(sinogram));
        }

        var mean = new double[columns];
        for (int a = 0; a < angles; a++)
        {
            for (int u = 0; u < columns; u++)
            {
                mean[u] += sinogram[(a * columns) + u];
            }
        }

        var stripe = new float[columns];
        for (int u = 0; u < columns; u++)
        {
            int from = Math.Max(0, u - (window / 2));
            int to = Math.Min(columns - 1, u + (window / 2));
            double smooth = 0;
            for (int v = from; v <= to; v++)
            {
                smooth += mean[v];
            }

            stripe[u] = (float)((mean[u] - (smooth / (to - from + 1))) / angles);
        }

        for (int a = 0; a < angles; a++)
        {
            for (int u = 0; u < columns; u++)
            {
                sinogram[(a * columns) + u] -= stripe[u];
            }
        }
    }

    /// <summary>Filters <paramref name="sinogram"/> ([angle][column]) in place.</summary>
    public static void RemoveStripes(Span<float> sinogram, int angles, int columns, int window = DefaultWindow)
    {
        if (sinogram.Length != angles * columns)
        {
            throw new ArgumentException("the sinogram size does not match its angles and columns", nameof(sinogram));
        }

        var sorted = new float[angles * columns];
        var origin = new int[angles * columns];
        var column = new float[angles];
        var order = new int[angles];
        for (int u = 0; u < columns; u++)
        {
            for (int a = 0; a < angles; a++)
            {
                column[a] = sinogram[(a * columns) + u];
                order[a] = a;
            }

            Array.Sort(column, order);
            for (int a = 0; a < angles; a++)
            {
                sorted[(a * columns) + u] = column[a];
                origin[(a * columns) + u] = order[a];
            }
        }

        var filteredRow = new float[columns];
        var neighbourhood = new float[window];
        for (int a = 0; a < angles; a++)
        {
            ReadOnlySpan<float> row = sorted.AsSpan(a * columns, columns);
            for (int u = 0; u < columns; u++)
            {
                int count = 0;
                for (int d = -window / 2; d <= window / 2; d++)
                {
                    neighbourhood[count++] = row[Math.Clamp(u + d, 0, columns - 1)];
                }

                Array.Sort(neighbourhood, 0, count);
                filteredRow[u] = neighbourhood[count / 2];
            }

            for (int u = 0; u < columns; u++)
            {
                sinogram[(origin[(a * columns) + u] * columns) + u] = filteredRow[u];
            }
        }
    }
}
