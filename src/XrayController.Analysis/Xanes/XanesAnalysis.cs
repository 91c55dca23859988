using XrayController.Core.Diagnostics;
using XrayController.Core.Optics;

namespace XrayController.Analysis.Xanes;

/// <summary>Everything the XANES analysis found, with what it excluded and why.</summary>
/// <param name="EdgeEv">Half-height edge energy inside the edge mask, NaN outside it.</param>
/// <param name="EdgeMask">Material voxels with a finite edge and an edge step of at least the minimum.</param>
/// <param name="MeanSpectrum">The material's mean attenuation at each energy.</param>
/// <param name="SmallStepVoxels">Material voxels masked because their edge step was too small.</param>
/// <param name="NoEdgeVoxels">Material voxels masked because their normalised spectrum never crossed half height.</param>
/// <param name="NonFiniteVoxels">Voxels with NaN or ∞ at some energy (all masked).</param>
public sealed record XanesResult(
    SpectralStack Stack,
    EdgeNormaliser Normaliser,
    EdgeMaps Maps,
    float[] MeanAttenuation,
    XanesSegmentation Segmentation,
    float[] EdgeEv,
    bool[] EdgeMask,
    double[] MeanSpectrum,
    double MedianStep,
    double MinStep,
    int SmallStepVoxels,
    int NoEdgeVoxels,
    int NonFiniteVoxels,
    FragmentRow[] Fragments,
    GrainRow[] Grains,
    ParticleRow[] Particles);

/// <summary>
/// The XANES pipeline on a spectral stack: segment the material on the mean attenuation, place the fit windows around the
/// edge of the material's mean spectrum, normalise every voxel and find its edge, mask the voxels with too small a step
/// (or none), then tabulate fragments, grains and particles.
/// </summary>
public static class XanesAnalysis
{
    public static XanesResult Run(SpectralStack stack, XanesOptions options, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(options);
        (float[] mean, int nonFinite) = MeanVolume(stack);
        if (nonFinite == stack.Shape.Count)
        {
            throw new InputException($"{stack.Source}: every voxel has a NaN or infinite value at some energy");
        }

        XanesSegmentation segmentation = XanesSegmentation.Segment(mean, stack.Shape, options, stack.Source);
        double[] meanSpectrum = MeanSpectrum(stack, segmentation.Material);
        double e0 = options.E0Ev ?? EdgeDerivative.Peak(stack.EnergiesEv, meanSpectrum);
        var normaliser = new EdgeNormaliser(stack.EnergiesEv, e0, options.Windows, stack.Source);
        EdgeMaps maps = new EdgeMapper(normaliser, maxThreads).Map(stack);
        double medianStep = Median([.. Enumerable.Range(0, mean.Length).Where(i => segmentation.Material[i] && float.IsFinite(maps.Step[i])).Select(i => maps.Step[i])]);
        double minStep = options.MinStepFraction * medianStep;
        var edge = new float[mean.Length];
        var edgeMask = new bool[mean.Length];
        int smallStep = 0;
        int noEdge = 0;
        for (int i = 0; i < edge.Length; i++)
        {
            bool material = segmentation.Material[i] && float.IsFinite(mean[i]);
            bool bigEnough = maps.Step[i] >= minStep;
            bool crossed = float.IsFinite(maps.HalfHeightEv[i]);
            smallStep += material && !bigEnough ? 1 : 0;
            noEdge += material && bigEnough && !crossed ? 1 : 0;
            edgeMask[i] = material && bigEnough && crossed;
            edge[i] = edgeMask[i] ? maps.HalfHeightEv[i] : float.NaN;
        }

        (FragmentRow[] fragments, GrainRow[] grains, ParticleRow[] particles) = XanesTables.Build(segmentation, edge, maps.HalfHeightVarianceEv2, stack.VoxelSizeUm, options);
        return new XanesResult(stack, normaliser, maps, mean, segmentation, edge, edgeMask, meanSpectrum, medianStep, minStep, smallStep, noEdge, nonFinite, fragments, grains, particles);
    }

    private static (float[] Mean, int NonFinite) MeanVolume(SpectralStack stack)
    {
        var mean = new float[stack.Shape.Count];
        float weight = 1f / stack.Volumes.Count;
        foreach (float[] volume in stack.Volumes)
        {
            ScaledSum.Accumulate(mean, volume, weight);
        }

        return (mean, mean.Count(v => !float.IsFinite(v)));
    }

    private static double[] MeanSpectrum(SpectralStack stack, bool[] material)
    {
        int[] voxels = [.. Enumerable.Range(0, material.Length).Where(i => material[i])];
        return [.. stack.Volumes.Select(volume => voxels.Where(i => float.IsFinite(volume[i])).Select(i => (double)volume[i]).DefaultIfEmpty(double.NaN).Average())];
    }

    private static double Median(float[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(values);
        return values[values.Length / 2];
    }
}
