namespace XrayController.Analysis.Xanes;

public enum DamageClass
{
    Intact,
    Mild,
    Severe,
}

public enum SizeGroup
{
    Small,
    Medium,
    Large,
}

/// <param name="EdgeVoxels">Voxels of the fragment with a valid edge energy (inside the edge mask).</param>
/// <param name="MeanEdgeEv">Mean edge energy over those voxels; NaN when there are none.</param>
public sealed record FragmentRow(int Id, int Voxels, double VolumeUm3, int EdgeVoxels, double MeanEdgeEv, SizeGroup SizeGroup, int ParentParticle);

/// <param name="StdEdgeEv">Standard deviation of the edge energy over the grain's voxels, as measured.</param>
/// <param name="NoiseStdEv">The part of it the measurement noise alone explains: the root mean of the voxels' own edge-energy variances.</param>
/// <param name="SpreadEdgeEv">The grain's own spread of edge energy: √(std² − noise²), 0 when the noise explains it all.</param>
public sealed record GrainRow(int Id, int Voxels, int EdgeVoxels, double MeanEdgeEv, double StdEdgeEv, double NoiseStdEv, double SpreadEdgeEv, int ParentParticle, DamageClass DamageClass);

/// <param name="CountedFragments">Fragments holding at least the counted share of the particle: what sets its damage class.</param>
public sealed record ParticleRow(int Id, int Voxels, int CountedFragments, DamageClass DamageClass);

/// <summary>
/// Per-fragment, per-grain and per-particle statistics of an edge map. A particle with one counted fragment is intact,
/// two mild, three or more severe. Edge statistics use only voxels inside the edge mask (finite edge energy). A grain's
/// spread is its measured standard deviation with the noise variance of its voxels taken off, since noise adds in
/// quadrature to the real intra-granular variation.
/// </summary>
public static class XanesTables
{
    /// <param name="edgeVarianceEv2">Each voxel's edge-energy noise variance (NaN where unknown).</param>
    public static (FragmentRow[] Fragments, GrainRow[] Grains, ParticleRow[] Particles) Build(XanesSegmentation segmentation, float[] edgeEv, float[] edgeVarianceEv2, double voxelSizeUm, XanesOptions options)
    {
        ArgumentNullException.ThrowIfNull(segmentation);
        ArgumentNullException.ThrowIfNull(edgeEv);
        ArgumentNullException.ThrowIfNull(options);
        Sums fragments = Sums.Over(segmentation.Fragments, segmentation.FragmentCount, edgeEv, edgeVarianceEv2, segmentation.Particles);
        Sums grains = Sums.Over(segmentation.Grains, segmentation.GrainCount, edgeEv, edgeVarianceEv2, segmentation.Particles);
        Sums particles = Sums.Over(segmentation.Particles, segmentation.ParticleCount, edgeEv, edgeVarianceEv2, segmentation.Particles);
        var counted = new int[segmentation.ParticleCount + 1];
        for (int f = 1; f <= segmentation.FragmentCount; f++)
        {
            int parent = fragments.Parent[f];
            if (parent > 0 && fragments.Voxels[f] >= options.MinCountedFragmentShare * particles.Voxels[parent])
            {
                counted[parent]++;
            }
        }

        ParticleRow[] particleRows = [.. Enumerable.Range(1, segmentation.ParticleCount).Select(p => new ParticleRow(p, particles.Voxels[p], counted[p], Damage(counted[p])))];
        double voxelUm3 = voxelSizeUm * voxelSizeUm * voxelSizeUm;
        double[] limits = options.SizeGroups;
        FragmentRow[] fragmentRows =
        [
            .. Enumerable.Range(1, segmentation.FragmentCount).Select(f => new FragmentRow(
                f, fragments.Voxels[f], fragments.Voxels[f] * voxelUm3, fragments.EdgeVoxels[f], fragments.Mean(f),
                Group(fragments.Voxels[f] * voxelUm3, limits), fragments.Parent[f])),
        ];
        GrainRow[] grainRows =
        [
            .. Enumerable.Range(1, segmentation.GrainCount).Select(g => new GrainRow(
                g, grains.Voxels[g], grains.EdgeVoxels[g], grains.Mean(g), grains.Std(g), grains.NoiseStd(g), Spread(grains.Std(g), grains.NoiseStd(g)), grains.Parent[g],
                grains.Parent[g] > 0 ? particleRows[grains.Parent[g] - 1].DamageClass : DamageClass.Intact)),
        ];
        return (fragmentRows, grainRows, particleRows);
    }

    private static double Spread(double std, double noise) =>
        double.IsFinite(std) && double.IsFinite(noise) ? Math.Sqrt(Math.Max(0, (std * std) - (noise * noise))) : std;

    public static DamageClass Damage(int fragments) => fragments switch
    {
        <= 1 => DamageClass.Intact,
        2 => DamageClass.Mild,
        _ => DamageClass.Severe,
    };

    private static SizeGroup Group(double volumeUm3, double[] limits) =>
        double.IsNaN(volumeUm3) || volumeUm3 < limits[0] ? SizeGroup.Small : volumeUm3 < limits[1] ? SizeGroup.Medium : SizeGroup.Large;

    /// <summary>Voxel counts and edge sums per label, and each label's parent particle (the particle under most of its voxels).</summary>
    private sealed class Sums
    {
        private Sums(int count)
        {
            Voxels = new int[count + 1];
            EdgeVoxels = new int[count + 1];
            Sum = new double[count + 1];
            SumSquares = new double[count + 1];
            VarianceSum = new double[count + 1];
            VarianceCount = new int[count + 1];
            Parent = new int[count + 1];
        }

        public int[] Voxels { get; }

        public int[] EdgeVoxels { get; }

        public double[] Sum { get; }

        public double[] SumSquares { get; }

        public int[] Parent { get; }

        public double[] VarianceSum { get; }

        public int[] VarianceCount { get; }

        public static Sums Over(int[] labels, int count, float[] edgeEv, float[] varianceEv2, int[] particles)
        {
            var sums = new Sums(count);
            var parentVotes = new Dictionary<(int Label, int Particle), int>();
            double reference = 0;
            for (int i = 0; i < labels.Length && reference == 0; i++)
            {
                reference = float.IsFinite(edgeEv[i]) && labels[i] != 0 ? edgeEv[i] : 0;
            }

            for (int i = 0; i < labels.Length; i++)
            {
                int label = labels[i];
                if (label == 0)
                {
                    continue;
                }

                sums.Voxels[label]++;
                if (particles[i] != 0)
                {
                    parentVotes[(label, particles[i])] = parentVotes.GetValueOrDefault((label, particles[i])) + 1;
                }

                if (float.IsFinite(edgeEv[i]))
                {
                    double d = edgeEv[i] - reference;
                    sums.EdgeVoxels[label]++;
                    sums.Sum[label] += d;
                    sums.SumSquares[label] += d * d;
                    if (float.IsFinite(varianceEv2[i]))
                    {
                        sums.VarianceSum[label] += varianceEv2[i];
                        sums.VarianceCount[label]++;
                    }
                }
            }

            foreach (var group in parentVotes.GroupBy(v => v.Key.Label))
            {
                sums.Parent[group.Key] = group.MaxBy(v => v.Value).Key.Particle;
            }

            sums.Reference = reference;
            return sums;
        }

        /// <summary>Sums are kept relative to one edge energy, so the variance does not cancel catastrophically.</summary>
        private double Reference { get; set; }

        public double Mean(int label) => EdgeVoxels[label] == 0 ? double.NaN : Reference + (Sum[label] / EdgeVoxels[label]);

        public double NoiseStd(int label) => VarianceCount[label] == 0 ? double.NaN : Math.Sqrt(VarianceSum[label] / VarianceCount[label]);

        public double Std(int label)
        {
            int n = EdgeVoxels[label];
            if (n < 2)
            {
                return double.NaN;
            }

            double mean = Sum[label] / n;
            return Math.Sqrt(Math.Max(0, (SumSquares[label] - (n * mean * mean)) / (n - 1)));
        }
    }
}
