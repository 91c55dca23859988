namespace XrayController.Analysis.Segmentation;

/// <summary>
/// Seeds for a watershed: voxels that are the maximum of a map within a cube of half-width <c>radius</c> and at least
/// <c>minValue</c>, taken highest first and kept only when no kept seed lies within that cube (so a plateau or a ridge
/// gives one seed, not many). Seeds are labelled 1, 2, … highest first.
/// </summary>
public static class PeakMarkers
{
    public static (int[] Markers, int Count) Find(float[] map, VolumeShape shape, int radius, float minValue)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        float[] local = MaximumFilter(map, shape, radius);
        var candidates = new List<int>();
        for (int i = 0; i < map.Length; i++)
        {
            if (map[i] >= minValue && map[i] == local[i])
            {
                candidates.Add(i);
            }
        }

        candidates.Sort((a, b) => map[b] != map[a] ? map[b].CompareTo(map[a]) : a.CompareTo(b));
        var markers = new int[map.Length];
        int count = 0;
        foreach (int candidate in candidates)
        {
            if (!AnyWithin(markers, shape, candidate, radius))
            {
                markers[candidate] = ++count;
            }
        }

        return (markers, count);
    }

    private static bool AnyWithin(int[] markers, VolumeShape shape, int index, int radius)
    {
        (int z, int y, int x) = shape.Coordinates(index);
        for (int k = Math.Max(0, z - radius); k <= Math.Min(shape.Depth - 1, z + radius); k++)
        {
            for (int j = Math.Max(0, y - radius); j <= Math.Min(shape.Height - 1, y + radius); j++)
            {
                int row = shape.Index(k, j, 0);
                for (int i = Math.Max(0, x - radius); i <= Math.Min(shape.Width - 1, x + radius); i++)
                {
                    if (markers[row + i] != 0)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The maximum over a (2r + 1)³ cube, separably: along x, then y, then z.</summary>
    private static float[] MaximumFilter(float[] map, VolumeShape shape, int radius)
    {
        float[] a = (float[])map.Clone();
        var b = new float[map.Length];
        Along(a, b, shape.Depth * shape.Height, shape.Width, line => line * shape.Width, 1, radius);
        Along(b, a, shape.Depth * shape.Width, shape.Height, line => ((line / shape.Width) * shape.PlaneSize) + (line % shape.Width), shape.Width, radius);
        Along(a, b, shape.PlaneSize, shape.Depth, line => line, shape.PlaneSize, radius);
        return b;
    }

    private static void Along(float[] source, float[] target, int lines, int length, Func<int, int> first, int stride, int radius) =>
        Parallel.For(0, lines, line =>
        {
            int start = first(line);
            for (int q = 0; q < length; q++)
            {
                float max = float.NegativeInfinity;
                for (int p = Math.Max(0, q - radius); p <= Math.Min(length - 1, q + radius); p++)
                {
                    max = Math.Max(max, source[start + (p * stride)]);
                }

                target[start + (q * stride)] = max;
            }
        });
}
