using MathNet.Numerics.LinearAlgebra;

namespace XrayController.Analysis.Cell;

/// <summary>The cell's can in a slice: its centre (mm from the rotation axis) and outer and inner radii.</summary>
internal sealed record CanFit(double CentreXMm, double CentreYMm, double OuterRadiusMm, double InnerRadiusMm);

/// <summary>
/// Finds the can, the outermost bright ring: along radial lines from the rotation axis, inward from the slice's edge,
/// the first crossing of half the slice's 99th-percentile value marks its outer edge; a circle fitted to those points
/// (algebraic least squares, Kåsa 1976) gives the centre and outer radius; inward from it, the median crossing back
/// below that level gives the inner radius.
/// </summary>
internal static class CanFinder
{
    private const int Lines = 360;

    public static CanFit Find(float[] slice, int size, double voxelMm)
    {
        float[] sorted = [.. slice.Order()];
        double bright = sorted[(int)(0.99 * (sorted.Length - 1))];
        double median = sorted[sorted.Length / 2];
        if (!(bright > 0) || bright < 3 * Math.Abs(median))
        {
            throw new ArgumentException("no can found: the slice has no bright ring standing out of its background");
        }

        double level = 0.5 * bright;
        double step = voxelMm / 4;
        double reach = ((size / 2) - 2) * voxelMm;
        var points = new List<(double X, double Y)>();
        for (int l = 0; l < Lines; l++)
        {
            (double sin, double cos) = Math.SinCos(2 * Math.PI * l / Lines);
            double? edge = Crossing(slice, size, voxelMm, 0, 0, cos, sin, reach, -step, 0, v => v >= level);
            if (edge is { } r)
            {
                points.Add((r * cos, r * sin));
            }
        }

        if (points.Count < Lines / 2)
        {
            throw new ArgumentException("no can found: the slice shows no bright ring around the axis on most lines");
        }

        // x² + y² + D x + E y + F = 0 in the least-squares sense.
        Matrix<double> a = Matrix<double>.Build.Dense(points.Count, 3, (i, j) => j switch { 0 => points[i].X, 1 => points[i].Y, _ => 1 });
        Vector<double> b = Vector<double>.Build.Dense(points.Count, i => -((points[i].X * points[i].X) + (points[i].Y * points[i].Y)));
        Vector<double> solution = a.Solve(b);
        double cx = -solution[0] / 2;
        double cy = -solution[1] / 2;
        double outer = Math.Sqrt((cx * cx) + (cy * cy) - solution[2]);
        var inner = new List<double>();
        for (int l = 0; l < Lines; l++)
        {
            (double sin, double cos) = Math.SinCos(2 * Math.PI * l / Lines);
            if (Crossing(slice, size, voxelMm, cx, cy, cos, sin, outer - (2 * voxelMm), -step, 0, v => v < level) is { } r)
            {
                inner.Add(r);
            }
        }

        if (inner.Count == 0)
        {
            throw new ArgumentException("no inside of the can found");
        }

        inner.Sort();
        return new CanFit(cx, cy, outer, inner[inner.Count / 2]);
    }

    /// <summary>Walks a line from radius <paramref name="from"/> by <paramref name="step"/> until the condition holds; the radius there.</summary>
    private static double? Crossing(float[] slice, int size, double voxelMm, double cx, double cy, double cos, double sin, double from, double step, double to, Func<double, bool> condition)
    {
        for (double r = from; step < 0 ? r > to : r < to; r += step)
        {
            if (condition(CellInspection.Bilinear(slice, size, cx + (r * cos), cy + (r * sin), voxelMm)))
            {
                return r;
            }
        }

        return null;
    }
}
