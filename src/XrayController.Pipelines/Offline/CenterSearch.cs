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
        double[] centres =
        [
            .. Enumerable.Range(0, rows)
                .OrderByDescending(r => Enumerable.Range(0, projections).Sum(p => RowSum(stack, ((p * rows) + r) * columns, columns)))
                .Take(Math.Min(5, rows))
                .Select(row =>
                {
                    var sinogram = new float[projections * columns];
                    for (int p = 0; p < projections; p++)
                    {
                        Array.Copy(stack, ((p * rows) + row) * columns, sinogram, p * columns, columns);
                    }

                    return CenterOfRotation.Find(sinogram, columns, angles);
                })
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
