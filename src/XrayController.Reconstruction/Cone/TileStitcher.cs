namespace XrayController.Reconstruction.Cone;

/// <summary>
/// One tile's reconstruction read a slab of slices at a time: <see cref="Slices"/> slices of size² voxels, slice k at
/// sample height <see cref="TopZMm"/> − k·voxel; from memory (<see cref="TileVolume"/>) or from a file.
/// </summary>
public interface ITileSlices
{
    int Slices { get; }

    double TopZMm { get; }

    /// <summary>Slices <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1, [slice][y][x]; valid until this tile's next read or release.</summary>
    ReadOnlyMemory<float> Read(int first, int count);

    /// <summary>Lets go of the last read's buffer (nothing for a tile in memory).</summary>
    void Release();
}

/// <summary>One tile's reconstruction in memory: <c>Slices</c> slices of size² voxels, slice k at sample height TopZMm − k·voxel.</summary>
public sealed record TileVolume(float[] Volume, int Slices, double TopZMm) : ITileSlices
{
    public double BottomZMm(double voxelMm) => TopZMm - ((Slices - 1) * voxelMm);

    public ReadOnlyMemory<float> Read(int first, int count)
    {
        int area = Volume.Length / Slices;
        return Volume.AsMemory(first * area, count * area);
    }

    public void Release()
    {
    }
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
/// middle half of its overlap (at most <see cref="MaxWindowSlices"/> slices) by the normalised cross-correlation of
/// whole slices (inside the reconstruction circle) at whole-voxel shifts within ±<c>searchVoxels</c>, then in tenths
/// of a voxel around the best; the shift is applied when the peak correlation reaches <c>minimumCorrelation</c> and beats the tile positions' by
/// <see cref="MinimumGain"/> (else the positions are trusted and the seam says so). Lower tiles are resampled
/// linearly along z; across each overlap the upper tile's weight falls linearly from one to zero, so no seam shows a
/// step. The plan (<see cref="Plan"/>) reads only the overlaps; the stitched volume is then made a slab of slices at a
/// time (<see cref="StitchPlan.Slab"/>), each slice the same whatever the slab, so tiles larger than memory stitch from
/// their files.
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
    internal const double EdgeTolerance = 0.05;

    /// <summary>
    /// The most slices of the upper tile a registration compares (about the middle of a wide overlap): enough for a
    /// shift of a few voxels, and it bounds what a registration reads (a 9 mm overlap at 10 µm would be 450 slices).
    /// </summary>
    public const int MaxWindowSlices = 32;

    /// <summary>The fine search's step (voxels) around the best whole-voxel shift.</summary>
    private const double FineStep = 0.1;

    /// <summary>Tiles in memory stitched into one volume in memory.</summary>
    public static StitchedVolume Stitch(IReadOnlyList<TileVolume> tiles, int size, double voxelMm, int searchVoxels = 4, double minimumCorrelation = MinimumCorrelation)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        foreach (TileVolume tile in tiles)
        {
            if (tile.Volume.Length != (long)tile.Slices * size * size)
            {
                throw new ArgumentException($"a tile holds {tile.Volume.Length} values, not {tile.Slices} slices of {size}²", nameof(tiles));
            }
        }

        StitchPlan plan = Plan(tiles, size, voxelMm, searchVoxels, minimumCorrelation);
        return new StitchedVolume(plan.Slab(0, plan.Slices), plan.Slices, plan.TopZMm, plan.Seams);
    }

    /// <summary>Registers each pair of neighbours (reading their overlaps) and places every tile on the top tile's slice grid.</summary>
    public static StitchPlan Plan(IReadOnlyList<ITileSlices> tiles, int size, double voxelMm, int searchVoxels = 4, double minimumCorrelation = MinimumCorrelation)
    {
        ITileSlices[] ordered = Ordered(tiles, voxelMm);
        var seams = new List<TileSeam>();
        var offsets = new double[ordered.Length];
        for (int t = 1; t < ordered.Length; t++)
        {
            ITileSlices upper = ordered[t - 1];
            ITileSlices lower = ordered[t];

            // Nominal position of lower slice 0 on the upper tile's grid.
            double nominal = (upper.TopZMm - lower.TopZMm) / voxelMm;
            (double shift, double correlation, double atNominal) = Register(upper, lower, nominal, size, searchVoxels);
            bool applied = correlation >= minimumCorrelation && correlation - atNominal >= MinimumGain;
            offsets[t] = offsets[t - 1] + nominal - (applied ? shift : 0);
            seams.Add(new TileSeam(t - 1, t, lower.TopZMm - BottomZMm(upper, voxelMm), shift, correlation, applied));
        }

        // offsets[t]: the global slice index of tile t's slice 0 (tile 0 at 0).
        int slices = (int)Math.Floor(offsets.Select((o, t) => o + ordered[t].Slices - 1).Max() + EdgeTolerance) + 1;
        return new StitchPlan(ordered, offsets, slices, ordered[0].TopZMm, seams, size);
    }

    /// <summary>
    /// The most the registration reads at once: over the pairs of neighbouring tiles (each its slice count and top), the
    /// upper tile's slices it compares and the lower tile's that the shifts reach.
    /// </summary>
    public static long RegistrationBytes(IReadOnlyList<(int Slices, double TopZMm)> tiles, int size, double voxelMm, int searchVoxels = 4)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        (int Slices, double TopZMm)[] ordered = [.. tiles.OrderByDescending(t => t.TopZMm)];
        CheckOverlaps(ordered, voxelMm);
        long most = 0;
        for (int t = 1; t < ordered.Length; t++)
        {
            double nominal = (ordered[t - 1].TopZMm - ordered[t].TopZMm) / voxelMm;
            (int from, int to) = Window(ordered[t - 1].Slices, nominal);
            (_, int lowerCount) = LowerRange(ordered[t].Slices, from, to, nominal, searchVoxels);
            most = Math.Max(most, (long)(to - from + 1 + lowerCount) * size * size * sizeof(float));
        }

        return most;
    }

    /// <summary>The tiles from the top down, each overlapping the next by at least a voxel.</summary>
    private static ITileSlices[] Ordered(IReadOnlyList<ITileSlices> tiles, double voxelMm)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ITileSlices[] ordered = [.. tiles.OrderByDescending(t => t.TopZMm)];
        CheckOverlaps([.. ordered.Select(t => (t.Slices, t.TopZMm))], voxelMm);
        return ordered;
    }

    private static void CheckOverlaps((int Slices, double TopZMm)[] ordered, double voxelMm)
    {
        if (ordered.Length == 0)
        {
            throw new ArgumentException("no tiles to stitch", "tiles");
        }

        for (int t = 1; t < ordered.Length; t++)
        {
            double upperBottom = ordered[t - 1].TopZMm - ((ordered[t - 1].Slices - 1) * voxelMm);
            if (ordered[t].TopZMm - upperBottom < voxelMm)
            {
                throw new ArgumentException($"tiles {t - 1} and {t} (tops at {ordered[t - 1].TopZMm:0.###} and {ordered[t].TopZMm:0.###} mm) do not overlap: there is nothing to stitch them by", "tiles");
            }
        }
    }

    private static double BottomZMm(ITileSlices tile, double voxelMm) => tile.TopZMm - ((tile.Slices - 1) * voxelMm);

    /// <summary>The upper tile's slices compared: the middle half of the overlap, at most <see cref="MaxWindowSlices"/> about its middle.</summary>
    private static (int From, int To) Window(int upperSlices, double nominal)
    {
        int first = (int)Math.Ceiling(nominal);
        int last = upperSlices - 1;
        int quarter = (last - first) / 4;
        int from = first + quarter;
        int to = Math.Max(from, last - quarter);
        if (to - from + 1 > MaxWindowSlices)
        {
            from = ((from + to) / 2) - (MaxWindowSlices / 2);
            to = from + MaxWindowSlices - 1;
        }

        return (from, to);
    }

    /// <summary>The lower tile's slices that the shifts within ±(search + 1) voxels reach from the upper's window.</summary>
    private static (int First, int Count) LowerRange(int lowerSlices, int from, int to, double nominal, int search)
    {
        int first = Math.Clamp((int)Math.Floor(from - nominal) - search - 2, 0, lowerSlices - 1);
        int last = Math.Clamp((int)Math.Ceiling(to - nominal) + search + 2, 0, lowerSlices - 1);
        return (first, Math.Max(0, last - first + 1));
    }

    /// <summary>
    /// The shift s (voxels) for which the lower tile sampled at (upper slice − nominal + s) best matches the upper tile
    /// over the middle half of the overlap, and the normalised cross-correlation there.
    /// </summary>
    private static (double Shift, double Correlation, double AtNominal) Register(ITileSlices upper, ITileSlices lower, double nominal, int size, int search)
    {
        (int from, int to) = Window(upper.Slices, nominal);
        (int lowerFirst, int lowerCount) = LowerRange(lower.Slices, from, to, nominal, search);
        var window = new TileWindow(upper.Read(from, to - from + 1), from, lower.Read(lowerFirst, lowerCount), lowerFirst, lower.Slices);
        double[] scores = new double[(2 * search) + 1];
        for (int s = -search; s <= search; s++)
        {
            scores[s + search] = Correlation(window, from, to, nominal - s, size);
        }

        int best = Array.IndexOf(scores, scores.Max()) - search;
        double bestShift = best;
        double bestScore = scores[best + search];
        for (int f = -9; f <= 9; f++)
        {
            double candidate = best + (f * FineStep);
            double score = f == 0 ? bestScore : Correlation(window, from, to, nominal - candidate, size);
            if (score > bestScore)
            {
                (bestShift, bestScore) = (candidate, score);
            }
        }

        upper.Release();
        lower.Release();
        return (bestShift, bestScore, scores[search]);
    }

    private static double Correlation(TileWindow window, int from, int to, double lowerOffset, int size)
    {
        int area = size * size;
        double radius = (size / 2.0) - 2;
        ReadOnlySpan<float> upper = window.Upper.Span;
        ReadOnlySpan<float> lower = window.Lower.Span;
        double sumA = 0, sumB = 0, sumAA = 0, sumBB = 0, sumAB = 0;
        long count = 0;
        for (int k = from; k <= to; k++)
        {
            double local = k - lowerOffset;
            if (local < 0 || local > window.LowerSlices - 1)
            {
                continue;
            }

            int below = Math.Min((int)Math.Floor(local), window.LowerSlices - 1);
            int above = Math.Min(below + 1, window.LowerSlices - 1);
            double fraction = local - below;
            int upperStart = (k - window.UpperFirst) * area;
            int belowStart = (below - window.LowerFirst) * area;
            int aboveStart = (above - window.LowerFirst) * area;
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
                    double a = upper[upperStart + p];
                    double b = ((1 - fraction) * lower[belowStart + p]) + (fraction * lower[aboveStart + p]);
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

    /// <summary>The slices a registration compares: the upper tile's from <paramref name="UpperFirst"/>, the lower tile's from <paramref name="LowerFirst"/> (of its <paramref name="LowerSlices"/>).</summary>
    private readonly record struct TileWindow(ReadOnlyMemory<float> Upper, int UpperFirst, ReadOnlyMemory<float> Lower, int LowerFirst, int LowerSlices);
}
