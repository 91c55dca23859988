using XrayController.Reconstruction.Centering;

namespace XrayController.Pipelines.Offline;

/// <summary>Finds the rotation axis of a stack of projections when the middle row may miss the sample.</summary>
internal static class CenterSearch
{
    /// <summary>
    /// The median of the centres found (Vo 2014) in the five detector rows with the largest summed projections
    /// [projection][row][column]: one row's estimate scatters by about a tenth of a pixel, and small particles may
    /// miss the middle row.
    /// </summary>
    public static double InMostAttenuatingRows(float[] stack, int rows, int columns, double[] angles)
    {
        int projections = angles.Length;
        double[] totals = [.. Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, projections).Sum(p => RowSum(stack, ((p * rows) + r) * columns, columns)))];
        return InMostAttenuatingRows(totals, row =>
        {
            var sinogram = new float[projections * columns];
            for (int p = 0; p < projections; p++)
            {
                Array.Copy(stack, ((p * rows) + row) * columns, sinogram, p * columns, columns);
            }

            return sinogram;
        }, columns, angles);
    }

    /// <summary>The same from each row's total over the projections and a reader of one row's sinogram (a stack kept on disk, <see cref="ProjectionScratch"/>).</summary>
    public static double InMostAttenuatingRows(double[] rowTotals, Func<int, float[]> sinogram, int columns, double[] angles)
    {
        double[] centres =
        [
            .. Enumerable.Range(0, rowTotals.Length)
                .OrderByDescending(r => rowTotals[r])
                .Take(Math.Min(5, rowTotals.Length))
                .Select(row => CenterOfRotation.Find(sinogram(row), columns, angles))
                .Order(),
        ];
        return centres[centres.Length / 2];
    }

    private static double RowSum(float[] values, int start, int count)
    {
        double sum = 0;
        for (int i = start; i < start + count; i++)
        {
            sum += values[i];
        }

        return sum;
    }
}
