using XrayController.Analysis.Segmentation;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Fragments;

/// <summary>One fragment: a face-connected piece of particle material, its size, where it lies through the electrode and its particle.</summary>
public sealed record FragmentRow(int Id, int Voxels, double VolumeUm3, double DiameterUm, double DepthUm, int Region, int Particle);

/// <summary>A particle: fragments re-joined across their cracks; how many fragments it broke into and the region of its centre.</summary>
public sealed record ParticleRow(int Id, int Voxels, double VolumeUm3, int Fragments, int Region);

/// <summary>One depth region through the electrode: its depth range, fragment count, median and mean equivalent diameter, and the size histogram.</summary>
public sealed record DepthRegion(int Index, double FromUm, double ToUm, int Fragments, double MedianDiameterUm, double MeanDiameterUm, IReadOnlyList<int> Histogram);

/// <summary>What the fragment analysis found; <c>Labels</c> holds each voxel's fragment (0 for none).</summary>
public sealed record FragmentResult(
    string Source,
    VolumeShape Shape,
    double VoxelUm,
    string Quantity,
    float MaterialThreshold,
    float ParticleThreshold,
    double ElectrodeTopUm,
    double ElectrodeThicknessUm,
    IReadOnlyList<FragmentRow> Fragments,
    IReadOnlyList<ParticleRow> Particles,
    IReadOnlyList<DepthRegion> Regions,
    IReadOnlyList<double> BinEdgesUm,
    int ExcludedPieces,
    int[] Labels)
{
    /// <summary>Depth (slice × voxel, µm) of the top of a current-collector foil found below the electrode, or null.</summary>
    public double? CollectorTopUm { get; init; }
}

/// <summary>
/// Segments the particles of a cathode volume and their fragments, and the fragment sizes through the electrode's depth
/// (in the spirit of Zan et al. 2021, Fig. 4). Inside the analysed field, Otsu's threshold splits empty space from
/// material, and a second Otsu over the material splits the light matrix from the dense particles; the particle level is
/// halfway between the two classes' medians (ISO-50). Face-connected pieces above it are fragments, unless wider than a
/// particle can be: such a piece is the current collector, which is then left out with its rim and the levels found
/// again. Closing the fragments' cracks re-joins each particle. The electrode runs from the top slice holding particle
/// material down to the collector (or to the lowest particle voxel; depth grows with the slice index), cut into equal
/// depth regions; each fragment belongs to the region of its centroid.
/// </summary>
public static class FragmentAnalysis
{
    /// <summary>
    /// What the analysis holds per voxel at most: the volume (4), the field and the kept mask (2), the pieces and the
    /// fragment labels (8), the closing's distance passes (a double and a float volume, two masks: 14) and the particle
    /// labels (4). The whole volume is analysed at once (its levels, pieces and closing are global).
    /// </summary>
    public const int BytesPerVoxel = 4 + 2 + 8 + 14 + 4;

    /// <summary>Refuses, before the volume is read, a budget smaller than the analysis of <paramref name="volume"/> holds.</summary>
    public static void CheckBudget(IVolume volume, long budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(volume);
        VolumeShape.RequireOneArray(volume.Shape, $"{volume.Source}: the fragment analysis");
        long needed = PeakBytes(volume);
        if (needed > budgetBytes)
        {
            throw MemoryBudget.TooSmall($"{volume.Source}: the fragment analysis of {volume.Shape} voxels", $"{BytesPerVoxel} bytes a voxel: the volume, its masks, labels and the closing's distance maps", needed, budgetBytes);
        }
    }

    /// <summary>The most the analysis of <paramref name="volume"/> holds, with the volume read whole (a stored type other than float32 is converted beside it).</summary>
    public static long PeakBytes(IVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return PeakBytes(volume.Shape, volume.SlabBytes(volume.Shape.Depth));
    }

    /// <summary>The most the analysis of a volume of <paramref name="shape"/> holds when reading it whole takes <paramref name="readBytes"/>.</summary>
    public static long PeakBytes(VolumeShape shape, long readBytes) => Math.Max(BytesPerVoxel * shape.Voxels, readBytes);

    public static FragmentResult Run(PhaseVolume volume, FragmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(options);
        VolumeShape shape = volume.Shape;
        bool[] field = Field(shape, options.FieldFraction);
        int maxWidth = (int)Math.Ceiling(options.MaxParticleWidthUm / volume.VoxelUm);
        (float material, float particle) = Thresholds(volume, field);
        (int[] pieces, int pieceCount) = Pieces(volume, field, particle, options.MinFragmentVoxels);
        PieceStats[] stats = Stats(pieces, pieceCount, shape);
        bool[] wide = [.. pieces.Select(p => p != 0 && (stats[p].WidthX > maxWidth || stats[p].WidthY > maxWidth))];
        int collectorTop = int.MaxValue;
        if (wide.Any(w => w))
        {
            // A collector foil is a dense class of its own: left in, it sets the particle level between the matrix and
            // the foil, below the particles' own. Leave it (and its blurred rim) out and split again.
            collectorTop = Enumerable.Range(1, pieceCount).Where(p => stats[p].WidthX > maxWidth || stats[p].WidthY > maxWidth).Min(p => stats[p].MinZ);
            bool[] rim = Morphology.Dilate(wide, shape, 3);
            field = [.. field.Select((f, i) => f && !rim[i])];
            (material, particle) = Thresholds(volume, field);
            (pieces, pieceCount) = Pieces(volume, field, particle, options.MinFragmentVoxels);
            stats = Stats(pieces, pieceCount, shape);
        }

        int[] renumber = new int[pieceCount + 1];
        int kept = 0;
        for (int p = 1; p <= pieceCount; p++)
        {
            renumber[p] = stats[p].WidthX <= maxWidth && stats[p].WidthY <= maxWidth ? ++kept : 0;
        }

        if (kept == 0)
        {
            throw new InputException($"{volume.Source}: no particle found: no piece of at least {options.MinFragmentVoxels} voxels above the particle level {particle:G4} is narrower than {options.MaxParticleWidthUm} µm");
        }

        int[] labels = [.. pieces.Select(p => renumber[p])];
        bool[] keptMask = [.. labels.Select(l => l != 0)];
        (int[] particleLabels, int particleCount) = ConnectedComponents.Label(Morphology.Close(keptMask, shape, options.CrackBridgeRadiusVoxels), shape);
        double voxel3 = Math.Pow(volume.VoxelUm, 3);
        int top = Enumerable.Range(1, pieceCount).Where(p => renumber[p] != 0).Min(p => stats[p].MinZ);
        int bottom = collectorTop != int.MaxValue ? collectorTop - 1 : Enumerable.Range(1, pieceCount).Where(p => renumber[p] != 0).Max(p => stats[p].MaxZ);
        double thickness = (bottom - top + 1) * volume.VoxelUm;
        int Region(double depthUm) => Math.Clamp((int)Math.Floor(depthUm / thickness * options.Regions), 0, options.Regions - 1) + 1;
        var particleOf = new int[kept + 1];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 0)
            {
                particleOf[labels[i]] = particleLabels[i];
            }
        }

        var fragments = new List<FragmentRow>();
        for (int p = 1; p <= pieceCount; p++)
        {
            if (renumber[p] != 0)
            {
                PieceStats s = stats[p];
                double volumeUm3 = s.Voxels * voxel3;
                double depth = ((s.SumZ / s.Voxels) - top + 0.5) * volume.VoxelUm;
                fragments.Add(new FragmentRow(renumber[p], s.Voxels, volumeUm3, Math.Cbrt(6 * volumeUm3 / Math.PI), depth, Region(depth), particleOf[renumber[p]]));
            }
        }

        List<ParticleRow> particles = Particles(particleLabels, particleCount, fragments, shape, top, volume.VoxelUm, Region);
        double[] edges = BinEdges(fragments, options.BinUm);
        List<DepthRegion> regions =
        [
            .. Enumerable.Range(1, options.Regions).Select(r =>
            {
                double[] diameters = [.. fragments.Where(f => f.Region == r).Select(f => f.DiameterUm).Order()];
                int[] histogram = new int[edges.Length - 1];
                foreach (double d in diameters)
                {
                    histogram[Math.Min(histogram.Length - 1, (int)(d / options.BinUm))]++;
                }

                return new DepthRegion(r, (r - 1) * thickness / options.Regions, r * thickness / options.Regions, diameters.Length,
                    diameters.Length == 0 ? double.NaN : diameters[diameters.Length / 2], diameters.Length == 0 ? double.NaN : diameters.Average(), histogram);
            }),
        ];
        return new FragmentResult(volume.Source, shape, volume.VoxelUm, volume.Quantity, material, particle, top * volume.VoxelUm, thickness, fragments, particles, regions, edges, pieceCount - kept, labels)
        {
            CollectorTopUm = collectorTop == int.MaxValue ? null : collectorTop * volume.VoxelUm,
        };
    }

    private static (int[] Labels, int Count) Pieces(PhaseVolume volume, bool[] field, float level, int minVoxels)
    {
        bool[] dense = new bool[field.Length];
        for (int i = 0; i < dense.Length; i++)
        {
            dense[i] = field[i] && volume.Values[i] > level;
        }

        return ConnectedComponents.Label(dense, volume.Shape, minVoxels);
    }

    /// <summary>The voxels within the analysed share of the reconstruction circle (centred on the slice).</summary>
    private static bool[] Field(VolumeShape shape, double fraction)
    {
        var field = new bool[shape.Count];
        double cy = (shape.Height - 1) / 2.0, cx = (shape.Width - 1) / 2.0;
        double radius = fraction * Math.Min(shape.Height, shape.Width) / 2;
        for (int y = 0; y < shape.Height; y++)
        {
            for (int x = 0; x < shape.Width; x++)
            {
                if (((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) <= radius * radius)
                {
                    for (int z = 0; z < shape.Depth; z++)
                    {
                        field[shape.Index(z, y, x)] = true;
                    }
                }
            }
        }

        return field;
    }

    private static (float Material, float Particle) Thresholds(PhaseVolume volume, bool[] field)
    {
        float[] inside = [.. volume.Values.Where((v, i) => field[i] && float.IsFinite(v))];
        try
        {
            float material = Otsu.Threshold(inside);
            float[] above = [.. inside.Where(v => v > material)];
            float split = Otsu.Threshold(above);
            float low = Median([.. above.Where(v => v <= split)]);
            float high = Median([.. above.Where(v => v > split)]);
            return (material, (low + high) / 2);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{volume.Source}: the volume has too few distinct levels to tell matrix from particles ({e.Message})", e);
        }
    }

    private static float Median(float[] values)
    {
        Array.Sort(values);
        return values.Length == 0 ? float.NaN : values[values.Length / 2];
    }

    private static PieceStats[] Stats(int[] labels, int count, VolumeShape shape)
    {
        var stats = new PieceStats[count + 1];
        for (int p = 0; p <= count; p++)
        {
            stats[p] = new PieceStats();
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 0)
            {
                (int z, int y, int x) = shape.Coordinates(i);
                stats[labels[i]].Add(z, y, x);
            }
        }

        return stats;
    }

    private static List<ParticleRow> Particles(int[] particleLabels, int count, List<FragmentRow> fragments, VolumeShape shape, int top, double voxelUm, Func<double, int> region)
    {
        var voxels = new int[count + 1];
        var sumZ = new double[count + 1];
        for (int i = 0; i < particleLabels.Length; i++)
        {
            if (particleLabels[i] != 0)
            {
                voxels[particleLabels[i]]++;
                sumZ[particleLabels[i]] += shape.Coordinates(i).Z;
            }
        }

        return
        [
            .. Enumerable.Range(1, count).Where(p => voxels[p] > 0).Select(p => new ParticleRow(
                p, voxels[p], voxels[p] * Math.Pow(voxelUm, 3), fragments.Count(f => f.Particle == p), region(((sumZ[p] / voxels[p]) - top + 0.5) * voxelUm))),
        ];
    }

    private static double[] BinEdges(List<FragmentRow> fragments, double binUm)
    {
        int bins = Math.Max(1, (int)Math.Floor(fragments.Max(f => f.DiameterUm) / binUm) + 1);
        return [.. Enumerable.Range(0, bins + 1).Select(b => b * binUm)];
    }

    private sealed class PieceStats
    {
        private int _minX = int.MaxValue, _maxX = int.MinValue, _minY = int.MaxValue, _maxY = int.MinValue;

        public int Voxels { get; private set; }

        public double SumZ { get; private set; }

        public int MinZ { get; private set; } = int.MaxValue;

        public int MaxZ { get; private set; } = int.MinValue;

        public int WidthX => _maxX - _minX + 1;

        public int WidthY => _maxY - _minY + 1;

        public void Add(int z, int y, int x)
        {
            Voxels++;
            SumZ += z;
            MinZ = Math.Min(MinZ, z);
            MaxZ = Math.Max(MaxZ, z);
            _minX = Math.Min(_minX, x);
            _maxX = Math.Max(_maxX, x);
            _minY = Math.Min(_minY, y);
            _maxY = Math.Max(_maxY, y);
        }
    }
}
