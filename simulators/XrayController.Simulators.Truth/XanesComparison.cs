using XrayController.Analysis;
using XrayController.Analysis.Segmentation;
using XrayController.Analysis.Xanes;
using XrayController.Pipelines.Techniques.Spectral;
using XrayController.Simulators.Physics.Spectral;

namespace XrayController.Simulators.Truth;

/// <summary>
/// Compares a XANES analysis with the simulator's truth sampled on the same voxel grid (<see cref="XanesTruth"/>): the
/// per-voxel edge energy inside grains, the grains' mean and spread, and the fragments' volumes (true volume: the summed
/// share of each voxel inside the fragment, over its voxels and the voxels touching them, whose centres may lie outside
/// while a corner lies inside).
/// </summary>
internal sealed class XanesComparison(XanesPhantom phantom, SimulationScene scene) : IXanesTruth
{
    private const int MinGrainVoxels = 30;
    private const int MinFragmentVoxels = 100;

    /// <summary>The truth is placed where the simulator had raised the sample (its image wander) at the reference energy the others were registered onto.</summary>
    public XanesQuality Compare(XanesResult result, int detectorRows, double referenceEnergyEv)
    {
        ArgumentNullException.ThrowIfNull(result);
        double raisedMm = scene.DriftMm(referenceEnergyEv).ZMm;
        VolumeShape shape = result.Stack.Shape;
        XanesTruth truth = XanesTruth.Sample(phantom, shape.Depth, shape.Width, result.Stack.VoxelSizeUm / 1000, 0, detectorRows, raisedMm);
        (int interior, int masked, double edgeRms) = VoxelErrors(result, truth, shape);
        (int[] truthFragments, int fragmentCount) = ConnectedComponents.Label([.. truth.Grain.Select(g => g != 0)], shape);
        (int grains, double meanRms, double within, double ratio) = GrainErrors(result, truth, truthFragments);
        (int fragments, double maxError, int fragmentsWithin) = FragmentErrors(result, truth, shape, truthFragments, fragmentCount);
        (int particles, int agreeing) = DamageAgreement(result, truth, phantom, truthFragments, fragmentCount);
        return new XanesQuality(interior, masked, edgeRms, grains, meanRms, within, ratio, fragments, maxError, fragmentsWithin, particles, agreeing);
    }

    /// <summary>
    /// The simulator moved each energy's image by its drift (a sample displacement of (x, z) mm): relative to the last
    /// energy that is (x − x_ref) / voxel columns and −(z − z_ref) / voxel rows, which the registration should have found.
    /// </summary>
    public double RegistrationRmsPx(IReadOnlyList<double> energiesEv, IReadOnlyList<(double Rows, double Columns)> shiftsPx, double voxelUm)
    {
        ArgumentNullException.ThrowIfNull(energiesEv);
        ArgumentNullException.ThrowIfNull(shiftsPx);
        double voxelMm = voxelUm / 1000;
        (double refX, double refZ) = scene.DriftMm(energiesEv[^1]);
        double sum = 0;
        for (int k = 0; k < energiesEv.Count; k++)
        {
            (double x, double z) = scene.DriftMm(energiesEv[k]);
            double rowError = shiftsPx[k].Rows - (-(z - refZ) / voxelMm);
            double columnError = shiftsPx[k].Columns - ((x - refX) / voxelMm);
            sum += (rowError * rowError) + (columnError * columnError);
        }

        return Math.Sqrt(sum / (2 * energiesEv.Count));
    }

    private static (int Interior, int Masked, double Rms) VoxelErrors(XanesResult result, XanesTruth truth, VolumeShape shape)
    {
        int interior = 0;
        int masked = 0;
        double sum = 0;
        for (int i = 0; i < shape.Count; i++)
        {
            if (truth.Grain[i] == 0 || !AllNeighboursInGrains(truth, shape, i))
            {
                continue;
            }

            interior++;
            if (!result.EdgeMask[i])
            {
                masked++;
                continue;
            }

            double error = result.EdgeEv[i] - truth.EdgeEv[i];
            sum += error * error;
        }

        return (interior, masked, Math.Sqrt(sum / Math.Max(1, interior - masked)));
    }

    private static bool AllNeighboursInGrains(XanesTruth truth, VolumeShape shape, int index)
    {
        (int z, int y, int x) = shape.Coordinates(index);
        return z > 0 && y > 0 && x > 0 && z < shape.Depth - 1 && y < shape.Height - 1 && x < shape.Width - 1
            && truth.Grain[index - 1] != 0 && truth.Grain[index + 1] != 0
            && truth.Grain[index - shape.Width] != 0 && truth.Grain[index + shape.Width] != 0
            && truth.Grain[index - shape.PlaneSize] != 0 && truth.Grain[index + shape.PlaneSize] != 0;
    }

    /// <summary>
    /// Grains of the table against the true grains; a true grain cut by a crack counts as one grain per piece, since the
    /// pieces lie in different fragments and the analysis rightly sees them apart.
    /// </summary>
    private static (int Compared, double MeanRms, double Within20, double RatioMedian) GrainErrors(XanesResult result, XanesTruth truth, int[] truthFragments)
    {
        Dictionary<(int Grain, int Fragment), double[]> trueEdges = Enumerable.Range(0, truth.Grain.Length).Where(i => truth.Grain[i] != 0)
            .GroupBy(i => (truth.Grain[i], truthFragments[i])).ToDictionary(g => g.Key, g => g.Select(i => (double)truth.EdgeEv[i]).ToArray());
        var errors = new List<double>();
        var ratios = new List<double>();
        ILookup<int, int> voxelsOf = Enumerable.Range(0, truth.Grain.Length).Where(i => result.Segmentation.Grains[i] != 0).ToLookup(i => result.Segmentation.Grains[i]);
        foreach (GrainRow row in result.Grains.Where(g => g.EdgeVoxels >= MinGrainVoxels))
        {
            (int Grain, int Fragment) match = Majority(voxelsOf[row.Id].Where(i => truth.Grain[i] != 0).Select(i => (truth.Grain[i], truthFragments[i])));
            if (match.Grain != 0)
            {
                errors.Add(row.MeanEdgeEv - Mean(trueEdges[match]));
                ratios.Add(row.SpreadEdgeEv / Std(trueEdges[match]));
            }
        }

        ratios.Sort();
        return errors.Count == 0
            ? (0, double.NaN, double.NaN, double.NaN)
            : (errors.Count, Math.Sqrt(errors.Average(e => e * e)), ratios.Count(r => Math.Abs(r - 1) <= 0.2) / (double)ratios.Count, ratios[ratios.Count / 2]);
    }

    private static (int Compared, double MaxError, int Within5) FragmentErrors(XanesResult result, XanesTruth truth, VolumeShape shape, int[] labels, int count)
    {
        var occupancy = new double[count + 1];
        var voxels = new int[count + 1];
        for (int i = 0; i < labels.Length; i++)
        {
            voxels[labels[i]]++;
            occupancy[labels[i] != 0 ? labels[i] : NeighbourLabel(labels, shape, i)] += truth.Occupancy[i];
        }

        ILookup<int, int> measuredUnder = Enumerable.Range(0, labels.Length).Where(i => labels[i] != 0 && result.Segmentation.Fragments[i] != 0).ToLookup(i => labels[i], i => result.Segmentation.Fragments[i]);
        var errors = new List<double>();
        for (int f = 1; f <= count; f++)
        {
            if (voxels[f] < MinFragmentVoxels)
            {
                continue;
            }

            int match = Majority(measuredUnder[f]);
            int measured = match == 0 ? 0 : result.Fragments[match - 1].Voxels;
            errors.Add(Math.Abs(measured - occupancy[f]) / occupancy[f]);
        }

        return (errors.Count, errors.DefaultIfEmpty(double.NaN).Max(), errors.Count(e => e <= 0.05));
    }

    /// <summary>
    /// The truth's damage classes by the analysis's own rule (fragments holding at least the counted share of their
    /// particle), compared with the classes of the measured particles that cover them.
    /// </summary>
    private static (int Compared, int Agreeing) DamageAgreement(XanesResult result, XanesTruth truth, XanesPhantom phantom, int[] fragments, int count)
    {
        var particleOf = phantom.Grains.ToDictionary(g => g.Id, g => g.Particle);
        var fragmentVoxels = new int[count + 1];
        var fragmentParticle = new int[count + 1];
        var particleVoxels = new Dictionary<int, int>();
        for (int i = 0; i < fragments.Length; i++)
        {
            if (fragments[i] != 0)
            {
                int particle = particleOf[truth.Grain[i]];
                fragmentVoxels[fragments[i]]++;
                fragmentParticle[fragments[i]] = particle;
                particleVoxels[particle] = particleVoxels.GetValueOrDefault(particle) + 1;
            }
        }

        ILookup<int, int> measuredUnder = Enumerable.Range(0, fragments.Length).Where(i => fragments[i] != 0 && result.Segmentation.Particles[i] != 0)
            .ToLookup(i => particleOf[truth.Grain[i]], i => result.Segmentation.Particles[i]);
        int compared = 0;
        int agreeing = 0;
        foreach ((int particle, int voxels) in particleVoxels)
        {
            int counted = Enumerable.Range(1, count).Count(f => fragmentParticle[f] == particle && fragmentVoxels[f] >= XanesOptions.Default.MinCountedFragmentShare * voxels);
            int measured = Majority(measuredUnder[particle]);
            compared++;
            agreeing += measured != 0 && result.Particles[measured - 1].DamageClass == XanesTables.Damage(counted) ? 1 : 0;
        }

        return (compared, agreeing);
    }

    /// <summary>The most frequent label, or the default when there is none.</summary>
    private static T Majority<T>(IEnumerable<T> labels) =>
        labels.GroupBy(l => l).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault()!;

    /// <summary>A face neighbour's fragment: a voxel whose centre lies outside every fragment may still hold part of one.</summary>
    private static int NeighbourLabel(int[] labels, VolumeShape shape, int index)
    {
        (int z, int y, int x) = shape.Coordinates(index);
        int[] neighbours =
        [
            x > 0 ? labels[index - 1] : 0, x < shape.Width - 1 ? labels[index + 1] : 0,
            y > 0 ? labels[index - shape.Width] : 0, y < shape.Height - 1 ? labels[index + shape.Width] : 0,
            z > 0 ? labels[index - shape.PlaneSize] : 0, z < shape.Depth - 1 ? labels[index + shape.PlaneSize] : 0,
        ];
        return neighbours.FirstOrDefault(l => l != 0);
    }

    private static double Mean(double[] values) => values.Average();

    private static double Std(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Length - 1));
    }
}
