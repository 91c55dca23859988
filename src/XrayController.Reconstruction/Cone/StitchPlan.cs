namespace XrayController.Reconstruction.Cone;

/// <summary>
/// Where every tile's slices go in the stitched volume (made by <see cref="TileStitcher.Plan"/>): the tiles from the
/// top down, each one's slice 0 on the top tile's grid, the stitched volume's slice count and top, and the seams. Any
/// slab of the stitched volume is made from the tile slices it blends, read then; a slice is the same whatever slab it
/// is made in (every voxel adds the tiles' contributions in the same order).
/// </summary>
public sealed class StitchPlan
{
    private readonly ITileSlices[] _tiles;
    private readonly double[] _offsets;
    private readonly int _size;

    internal StitchPlan(ITileSlices[] tiles, double[] offsets, int slices, double topZMm, IReadOnlyList<TileSeam> seams, int size)
    {
        _tiles = tiles;
        _offsets = offsets;
        _size = size;
        Slices = slices;
        TopZMm = topZMm;
        Seams = seams;
    }

    /// <summary>Slices of the stitched volume; slice k at sample height <see cref="TopZMm"/> − k·voxel.</summary>
    public int Slices { get; }

    public double TopZMm { get; }

    public IReadOnlyList<TileSeam> Seams { get; }

    /// <summary>The most <see cref="Slab"/> holds for a slab of <paramref name="count"/> slices of size²: the slab, and one tile's slices it blends (with one more each side for the interpolation).</summary>
    public static long SlabBytes(int count, int size) => ((2L * count) + 2) * size * size * sizeof(float);

    /// <summary>Stitched slices <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1, [slice][y][x].</summary>
    public float[] Slab(int first, int count)
    {
        if (first < 0 || count < 1 || first + count > Slices)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"slices {first}–{first + count - 1} are outside the stitched volume's 0–{Slices - 1}");
        }

        int area = _size * _size;
        var slab = new float[(long)count * area];
        var weightSums = new double[count];
        for (int t = 0; t < _tiles.Length; t++)
        {
            (int lowest, int highest) = Blended(t, first, count);
            if (highest < lowest)
            {
                continue;
            }

            ReadOnlyMemory<float> slices = _tiles[t].Read(lowest, highest - lowest + 1);
            int tile = t;
            Parallel.For(first, first + count, k =>
            {
                if (Placement(tile, k) is not { } place)
                {
                    return;
                }

                AddSlice(slices.Span, lowest, place, area, slab.AsSpan((k - first) * area, area));
                weightSums[k - first] += place.Weight;
            });
            _tiles[t].Release();
        }

        Parallel.For(0, count, k =>
        {
            double weightSum = weightSums[k];
            if (weightSum > 0 && Math.Abs(weightSum - 1) > 1e-9)
            {
                float scale = (float)(1 / weightSum);
                Span<float> target = slab.AsSpan(k * area, area);
                for (int i = 0; i < area; i++)
                {
                    target[i] *= scale;
                }
            }
        });
        return slab;
    }

    /// <summary>The tile slices the slab blends from tile <paramref name="t"/> (an empty range when none).</summary>
    private (int Lowest, int Highest) Blended(int t, int first, int count)
    {
        int lowest = int.MaxValue, highest = -1;
        for (int k = first; k < first + count; k++)
        {
            if (Placement(t, k) is { } place)
            {
                lowest = Math.Min(lowest, place.Below);
                highest = Math.Max(highest, place.Above);
            }
        }

        return (lowest, highest);
    }

    /// <summary>Where stitched slice k falls in tile t (the two slices it lies between, how far, and the tile's weight there), or null when the tile adds nothing to it.</summary>
    private Place? Placement(int t, int k)
    {
        int slices = _tiles[t].Slices;
        double local = k - _offsets[t];
        if (local < -TileStitcher.EdgeTolerance || local > slices - 1 + TileStitcher.EdgeTolerance)
        {
            return null;
        }

        double weight = Weight(t, k);
        if (weight <= 0)
        {
            return null;
        }

        int below = Math.Clamp((int)Math.Floor(local), 0, slices - 1);
        return new Place(below, Math.Min(below + 1, slices - 1), (float)Math.Clamp(local - below, 0, 1), weight);
    }

    /// <summary>The blending weight of tile t at stitched slice k: ramps over its overlaps with the tiles above and below.</summary>
    private double Weight(int t, int k)
    {
        double weight = 1;
        if (t > 0)
        {
            double start = _offsets[t];
            double end = _offsets[t - 1] + _tiles[t - 1].Slices - 1;
            weight = Math.Min(weight, Ramp(k, start, end));
        }

        if (t < _tiles.Length - 1)
        {
            double start = _offsets[t + 1];
            double end = _offsets[t] + _tiles[t].Slices - 1;
            weight = Math.Min(weight, 1 - Ramp(k, start, end));
        }

        return weight;
    }

    private static double Ramp(double k, double start, double end) =>
        end <= start ? (k >= end ? 1 : 0) : Math.Clamp((k - start + 0.5) / (end - start + 1), 0, 1);

    /// <param name="slices">The tile's slices read from <paramref name="first"/>.</param>
    private static void AddSlice(ReadOnlySpan<float> slices, int first, Place place, int area, Span<float> target)
    {
        ReadOnlySpan<float> a = slices.Slice((place.Below - first) * area, area);
        ReadOnlySpan<float> b = slices.Slice((place.Above - first) * area, area);
        float weight = (float)place.Weight;
        float wa = weight * (1 - place.Fraction);
        float wb = weight * place.Fraction;
        for (int i = 0; i < area; i++)
        {
            target[i] += (wa * a[i]) + (wb * b[i]);
        }
    }

    private readonly record struct Place(int Below, int Above, float Fraction, double Weight);
}
