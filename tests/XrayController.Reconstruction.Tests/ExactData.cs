using XrayController.Simulators.Physics;

namespace XrayController.Reconstruction.Tests;

/// <summary>Exact line integrals of analytic phantoms, in pixel units (pixel size 1), for known-truth tests.</summary>
internal static class ExactData
{
    public static double[] Angles(int count, double rangeDeg = 180) => [.. Enumerable.Range(0, count).Select(i => i * rangeDeg / count)];

    /// <summary>[angle][row][column] line integrals for <paramref name="rows"/> detector rows.</summary>
    public static float[] Projections(Phantom phantom, int rows, int columns, double axis, IReadOnlyList<double> anglesDeg)
    {
        var geometry = new ParallelBeamGeometry(rows, columns, 1.0, axis, 0, 0);
        var result = new float[anglesDeg.Count * rows * columns];
        var projection = new double[rows * columns];
        for (int a = 0; a < anglesDeg.Count; a++)
        {
            ParallelBeamProjector.Project(phantom, geometry, anglesDeg[a], projection);
            for (int i = 0; i < projection.Length; i++)
            {
                result[(a * rows * columns) + i] = (float)projection[i];
            }
        }

        return result;
    }

    /// <summary>The phantom's μ at the slice grid's pixel centres of detector row <paramref name="row"/> (grid centred on the axis).</summary>
    public static double[] Truth(Phantom phantom, int size, int row, int rows)
    {
        double z = ((rows - 1) / 2.0) - row;
        var truth = new double[size * size];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                truth[(i * size) + j] = phantom.AttenuationAt(new Vector3D(j - (size / 2), (size / 2) - i, z));
            }
        }

        return truth;
    }
}
