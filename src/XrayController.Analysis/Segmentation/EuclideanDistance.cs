namespace XrayController.Analysis.Segmentation;

/// <summary>
/// Exact squared Euclidean distance transform in voxel units (Felzenszwalb and Huttenlocher 2012, "Distance transforms
/// of sampled functions"): the lower envelope of parabolas along x, then y, then z. A voxel with no target anywhere in
/// the volume gets +∞; the volume's outside is not a target.
/// </summary>
public static class EuclideanDistance
{
    private const double Far = 1e20;

    /// <summary>For each voxel, the squared distance to the nearest voxel where <paramref name="target"/> is true.</summary>
    public static float[] SquaredTo(bool[] target, VolumeShape shape)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Length != shape.Count)
        {
            throw new ArgumentException($"{target.Length} voxels for shape {shape}", nameof(target));
        }

        var distance = new double[shape.Count];
        for (int i = 0; i < distance.Length; i++)
        {
            distance[i] = target[i] ? 0 : Far;
        }

        Pass(distance, lines: shape.Depth * shape.Height, length: shape.Width, line => line * shape.Width, stride: 1);
        Pass(distance, lines: shape.Depth * shape.Width, length: shape.Height, line => ((line / shape.Width) * shape.PlaneSize) + (line % shape.Width), stride: shape.Width);
        Pass(distance, lines: shape.PlaneSize, length: shape.Depth, line => line, stride: shape.PlaneSize);
        var result = new float[shape.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = distance[i] >= Far / 2 ? float.PositiveInfinity : (float)distance[i];
        }

        return result;
    }

    /// <summary>For each voxel of <paramref name="mask"/>, the distance to the nearest voxel outside it (0 outside).</summary>
    public static float[] InsideDistance(bool[] mask, VolumeShape shape)
    {
        ArgumentNullException.ThrowIfNull(mask);
        float[] squared = SquaredTo([.. mask.Select(m => !m)], shape);
        for (int i = 0; i < squared.Length; i++)
        {
            squared[i] = MathF.Sqrt(squared[i]);
        }

        return squared;
    }

    private static void Pass(double[] distance, int lines, int length, Func<int, int> first, int stride)
    {
        Parallel.For(
            0,
            lines,
            () => new LineScratch(length),
            (line, _, scratch) =>
            {
                int start = first(line);
                for (int q = 0; q < length; q++)
                {
                    scratch.F[q] = distance[start + (q * stride)];
                }

                LowerEnvelope(scratch);
                for (int q = 0; q < length; q++)
                {
                    distance[start + (q * stride)] = scratch.D[q];
                }

                return scratch;
            },
            _ => { });
    }

    private static void LowerEnvelope(LineScratch s)
    {
        int n = s.F.Length;
        int k = 0;
        s.V[0] = 0;
        s.Z[0] = double.NegativeInfinity;
        s.Z[1] = double.PositiveInfinity;
        for (int q = 1; q < n; q++)
        {
            double intersection = Intersection(s, q, s.V[k]);
            while (intersection <= s.Z[k])
            {
                k--;
                intersection = Intersection(s, q, s.V[k]);
            }

            k++;
            s.V[k] = q;
            s.Z[k] = intersection;
            s.Z[k + 1] = double.PositiveInfinity;
        }

        k = 0;
        for (int q = 0; q < n; q++)
        {
            while (s.Z[k + 1] < q)
            {
                k++;
            }

            double offset = q - s.V[k];
            s.D[q] = Math.Min(Far, (offset * offset) + s.F[s.V[k]]);
        }
    }

    private static double Intersection(LineScratch s, int q, int p) =>
        (s.F[q] + ((double)q * q) - (s.F[p] + ((double)p * p))) / (2.0 * (q - p));

    private sealed class LineScratch(int length)
    {
        public double[] F { get; } = new double[length];

        public double[] D { get; } = new double[length];

        public int[] V { get; } = new int[length];

        public double[] Z { get; } = new double[length + 1];
    }
}
