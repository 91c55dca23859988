namespace XrayController.Reconstruction.Cone;

/// <summary>One tile's reconstruction: <c>Slices</c> slices of size² voxels, slice k at sample height TopZMm − k·voxel.</summary>
public sealed record TileVolume(float[] Volume, int Slices, double TopZMm)
{
    public double BottomZMm(double voxelMm) => TopZMm - ((Slices - 1) * voxelMm);
}

/// <summary>
/// How two neighbouring tiles met: their nominal overlap, the vertical shift that best aligns them (voxels: the lower
/// tile sits that much higher than the tile positions put it), the normalised cross-correlation at that shift, and
/// whether the stitch applied it.
/// </summary>
public sealed record TileSeam(int Upper, int Lower, double OverlapMm, double ShiftVoxels, double Correlation, bool Applied);

/// <summary>The stitched volume: slice k at sample height TopZMm − k·voxel.</summary>
public sealed record StitchedVolume(float[] Volume, int Slices, double TopZMm, IReadOnlyList<TileSeam> Seams);

/// <summary>
/// Stitches vertical tiles into one volume on the top tile's slice grid. Each pair of neighbours is registered in the
/// middle half of its overlap by the normalised cross-correlation of whole slices (inside the reconstruction circle) at
/// whole-voxel shifts within ±<c>searchVoxels</c>, then in tenths of a voxel around the best; the shift is
/// applied when the peak correlation reaches <c>minimumCorrelation</c> and beats the tile positions' by
/// <see cref="MinimumGain"/> (else the positions are trusted and the seam says so). Lower tiles are resampled
/// linearly along z; across each overlap the upper tile's weight falls linearly from one to zero, so no seam shows a
/// step.
/// </summary>
public static class TileStitcher
{
    public const double MinimumCorrelation = 0.5;

    /// <summary>
    /// How much better than the tile positions a shift must match to be applied: content that hardly changes with
    /// height (a wound cell away from its defects) matches almost equally at every shift and leaves the positions alone.
    /// </summary>
    public const double MinimumGain = 0.01;

    /// <summary>How far (voxels) a slice may lie beyond a tile's end and still take the tile's end slice.</summary>
    private const double EdgeTolerance = 0.05;

    /// <summary>The fine search's step (voxels) around the best whole-voxel shift.</summary>
    private const double FineStep = 0.1;

    public static StitchedVolume Stitch(IReadOnlyList<TileVolume> tiles, int size, double voxelMm, int searchVoxels = 4, double minimumCorrelation = MinimumCorrelation)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.Count == 0)
        {
            throw new ArgumentException("no tiles to stitch", nameof(tiles));
        }

        int area = size * size;
        foreach (TileVolume tile in tiles)
        {
            if (tile.Volume.Length != tile.Slices * area)
            {
                throw new ArgumentException($"a tile holds {tile.Volume.Length} values, not {tile.Slices} slices of {size}²", nameof(tiles));
            }
        }

        TileVolume[] ordered = [.. tiles.OrderByDescending(t => t.TopZMm)];
        var seams = new List<TileSeam>();
        var offsets = new double[ordered.Length];
        for (int t = 1; t < ordered.Length; t++)
        {
            TileVolume upper = ordered[t - 1];
            TileVolume lower = ordered[t];
            double overlapMm = upper.BottomZMm(voxelMm) - lower.TopZMm;
            if (-overlapMm < voxelMm)
            {
                throw new ArgumentException($"tiles {t - 1} and {t} (tops at {upper.TopZMm:0.###} and {lower.TopZMm:0.###} mm) do not overlap: there is nothing to stitch them by", nameof(tiles));
            }

            // Nominal position of lower slice 0 on the upper tile's grid.
            double nominal = (upper.TopZMm - lower.TopZMm) / voxelMm;
            (double shift, double correlation, double atNominal) = Register(upper, lower, nominal, size, searchVoxels);
            bool applied = correlation >= minimumCorrelation && correlation - atNominal >= MinimumGain;
            offsets[t] = offsets[t - 1] + nominal - (applied ? shift : 0);
            seams.Add(new TileSeam(t - 1, t, -overlapMm, shift, correlation, applied));
        }

        // offsets[t]: the global slice index of tile t's slice 0 (tile 0 at 0).
        int slices = (int)Math.Floor(offsets.Select((o, t) => o + ordered[t].Slices - 1).Max() + EdgeTolerance) + 1;
        var volume = new float[(long)slices * area];
        Parallel.For(0, slices, k =>
        {
            Span<float> target = volume.AsSpan(k * area, area);
            double weightSum = 0;
            for (int t = 0; t < ordered.Length; t++)
            {
                double local = k - offsets[t];
                if (local < -EdgeTolerance || local > ordered[t].Slices - 1 + EdgeTolerance)
                {
                    continue;
                }

                double weight = Weight(ordered, offsets, t, k);
                if (weight <= 0)
                {
                    continue;
                }

                AddSlice(ordered[t], local, area, (float)weight, target);
                weightSum += weight;
            }

            if (weightSum > 0 && Math.Abs(weightSum - 1) > 1e-9)
            {
                float scale = (float)(1 / weightSum);
                for (int i = 0; i < area; i++)
                {
                    target[i] *= scale;
                }
            }
        });
        return new StitchedVolume(volume, slices, ordered[0].TopZMm, seams);
    }

    /// <summary>The blending weight of tile t at global slice k: ramps over its overlaps with the tiles above and below.</summary>
    private static double Weight(TileVolume[] tiles, double[] offsets, int t, int k)
    {
        double weight = 1;
        if (t > 0)
        {
            double start = offsets[t];
            double end = offsets[t - 1] + tiles[t - 1].Slices - 1;
            weight = Math.Min(weight, Ramp(k, start, end));
        }

        if (t < tiles.Length - 1)
        {
            double start = offsets[t + 1];
            double end = offsets[t] + tiles[t].Slices - 1;
            weight = Math.Min(weight, 1 - Ramp(k, start, end));
        }

        return weight;
    }

    private static double Ramp(double k, double start, double end) =>
        end <= start ? (k >= end ? 1 : 0) : Math.Clamp((k - start + 0.5) / (end - start + 1), 0, 1);

    private static void AddSlice(TileVolume tile, double local, int area, float weight, Span<float> target)
    {
        int below = Math.Clamp((int)Math.Floor(local), 0, tile.Slices - 1);
        int above = Math.Min(below + 1, tile.Slices - 1);
        float fraction = (float)Math.Clamp(local - below, 0, 1);
        ReadOnlySpan<float> a = tile.Volume.AsSpan(below * area, area);
        ReadOnlySpan<float> b = tile.Volume.AsSpan(above * area, area);
        float wa = weight * (1 - fraction);
        float wb = weight * fraction;
        for (int i = 0; i < area; i++)
        {
            target[i] += (wa * a[i]) + (wb * b[i]);
        }
    }

    /// <summary>
    /// The shift s (voxels) for which the lower tile sampled at (upper slice − nominal + s) best matches the upper tile
    /// over the middle half of the overlap, and the normalised cross-correlation there.
    /// </summary>
    private static (double Shift, double Correlation, double AtNominal) Register(TileVolume upper, TileVolume lower, double nominal, int size, int search)
    {
        int first = (int)Math.Ceiling(nominal);
        int last = upper.Slices - 1;
        int quarter = (last - first) / 4;
        int from = first + quarter;
        int to = Math.Max(from, last - quarter);
        double[] scores = new double[(2 * search) + 1];
        for (int s = -search; s <= search; s++)
        {
            scores[s + search] = Correlation(upper, lower, from, to, nominal - s, size);
        }

        int best = Array.IndexOf(scores, scores.Max()) - search;
        double bestShift = best;
        double bestScore = scores[best + search];
        for (int f = -9; f <= 9; f++)
        {
            double candidate = best + (f * FineStep);
            double score = f == 0 ? bestScore : Correlation(upper, lower, from, to, nominal - candidate, size);
            if (score > bestScore)
            {
                (bestShift, bestScore) = (candidate, score);
            }
        }

        return (bestShift, bestScore, scores[search]);
    }

    private static double Correlation(TileVolume upper, TileVolume lower, int from, int to, double lowerOffset, int size)
    {
        int area = size * size;
        double radius = (size / 2.0) - 2;
        double sumA = 0, sumB = 0, sumAA = 0, sumBB = 0, sumAB = 0;
        long count = 0;
        for (int k = from; k <= to; k++)
        {
            double local = k - lowerOffset;
            if (local < 0 || local > lower.Slices - 1)
            {
                continue;
            }

            int below = Math.Min((int)Math.Floor(local), lower.Slices - 1);
            int above = Math.Min(below + 1, lower.Slices - 1);
            double fraction = local - below;
            for (int i = 0; i < size; i++)
            {
                double y = i - (size / 2.0);
                for (int j = 0; j < size; j++)
                {
                    double x = j - (size / 2.0);
                    if ((x * x) + (y * y) > radius * radius)
                    {
                        continue;
                    }

                    int p = (i * size) + j;
                    double a = upper.Volume[(k * area) + p];
                    double b = ((1 - fraction) * lower.Volume[(below * area) + p]) + (fraction * lower.Volume[(above * area) + p]);
                    sumA += a;
                    sumB += b;
                    sumAA += a * a;
                    sumBB += b * b;
                    sumAB += a * b;
                    count++;
                }
            }
        }

        if (count < 2)
        {
            return double.NegativeInfinity;
        }

        double covariance = sumAB - (sumA * sumB / count);
        double varianceA = sumAA - (sumA * sumA / count);
        double varianceB = sumBB - (sumB * sumB / count);
        return varianceA > 0 && varianceB > 0 ? covariance / Math.Sqrt(varianceA * varianceB) : 0;
    }
}
