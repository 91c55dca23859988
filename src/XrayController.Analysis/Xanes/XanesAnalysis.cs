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
    ISpectralStack Stack,
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
/// What the XANES analysis decides from the whole stack before any voxel's edge is fitted: the mean attenuation (with
/// its count of voxels that are not finite at some energy), the segmentation made on it, the material's mean spectrum
/// and the edge energy E0 the fit windows are placed around.
/// </summary>
public sealed record XanesPreparation(float[] MeanAttenuation, int NonFiniteVoxels, XanesSegmentation Segmentation, double[] MeanSpectrum, double E0Ev);

/// <summary>
/// The XANES pipeline on a spectral stack: segment the material on the mean attenuation, place the fit windows around the
/// edge of the material's mean spectrum (<see cref="Prepare"/>), normalise every voxel and find its edge
/// (<see cref="MapSlices"/>), mask the voxels with too small a step (or none), then tabulate fragments, grains and
/// particles (<see cref="Finish"/>). The stack is read in slabs of whole slices, three times (for the mean, the mean
/// spectrum and the edges), as deep as the memory budget allows (<see cref="XanesMemory"/>); every per-voxel result
/// depends on that voxel alone and the sums run in voxel order, so the result is the same bit for bit whatever the
/// budget, and whatever the parts the edges are mapped in (a cluster job's tasks map theirs on other machines).
/// </summary>
public static class XanesAnalysis
{
    /// <summary>How many times the stack is read: for the mean, the material's mean spectrum and the edges.</summary>
    public const int Passes = 3;

    public static XanesResult Run(ISpectralStack stack, XanesOptions options, long? memoryBudgetBytes = null, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(stack);
        XanesPreparation prepared = Prepare(stack, options, memoryBudgetBytes);
        EdgeMaps maps = MapSlices(stack, Normaliser(stack, prepared.E0Ev, options), 0, stack.Shape.Depth, XanesMemory.Plan(stack, memoryBudgetBytes).SlabSlices, maxThreads);
        ReturnSlab(stack);
        return Finish(stack, prepared, maps, options);
    }

    /// <summary>The mean attenuation, the segmentation on it, the material's mean spectrum and E0 (given, or its derivative peak): two passes over the stack.</summary>
    public static XanesPreparation Prepare(ISpectralStack stack, XanesOptions options, long? memoryBudgetBytes = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(options);
        XanesMemory memory = XanesMemory.Plan(stack, memoryBudgetBytes);
        (float[] mean, int nonFinite) = MeanVolume(stack, memory.SlabSlices);
        if (nonFinite == stack.Shape.Count)
        {
            throw new InputException($"{stack.Source}: every voxel has a NaN or infinite value at some energy");
        }

        ReturnSlab(stack);
        XanesSegmentation segmentation = XanesSegmentation.Segment(mean, stack.Shape, options, stack.Source, memoryBudgetBytes);
        ReturnSlab(stack);
        double[] meanSpectrum = MeanSpectrum(stack, segmentation.Material, memory.SlabSlices);
        ReturnSlab(stack);
        return new XanesPreparation(mean, nonFinite, segmentation, meanSpectrum, options.E0Ev ?? EdgeDerivative.Peak(stack.EnergiesEv, meanSpectrum));
    }

    /// <summary>The normalisation of every voxel's spectrum, its fit windows around the prepared E0 (<see cref="XanesPreparation.E0Ev"/>).</summary>
    public static EdgeNormaliser Normaliser(ISpectralStack stack, double e0Ev, XanesOptions options)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(options);
        return new EdgeNormaliser(stack.EnergiesEv, e0Ev, options.Windows, stack.Source);
    }

    /// <summary>
    /// The edge maps of slices [<paramref name="first"/>, <paramref name="end"/>) (a volume of those slices), read in
    /// slabs of <paramref name="slabSlices"/>: each voxel normalised and its edge found.
    /// </summary>
    public static EdgeMaps MapSlices(ISpectralStack stack, EdgeNormaliser normaliser, int first, int end, int slabSlices, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(stack);
        VolumeShape shape = stack.Shape;
        if (first < 0 || end > shape.Depth || end <= first || slabSlices < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"slices {first}:{end} in slabs of {slabSlices} of a stack of {shape.Depth}");
        }

        var mapper = new EdgeMapper(normaliser, maxThreads);
        EdgeMaps maps = EdgeMaps.Allocate(new VolumeShape(end - first, shape.Height, shape.Width));
        for (int z = first; z < end; z += slabSlices)
        {
            mapper.MapSlab(stack.Slab(z, Math.Min(slabSlices, end - z)), (z - first) * shape.PlaneSize, maps);
        }

        return maps;
    }

    /// <summary>The edges masked where the step is too small or no edge was crossed, and the fragment, grain and particle tables.</summary>
    public static XanesResult Finish(ISpectralStack stack, XanesPreparation prepared, EdgeMaps maps, XanesOptions options)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(options);
        (float[] mean, XanesSegmentation segmentation) = (prepared.MeanAttenuation, prepared.Segmentation);
        double medianStep = Median(MaterialSteps(segmentation.Material, maps.Step));
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
        return new XanesResult(stack, Normaliser(stack, prepared.E0Ev, options), maps, mean, segmentation, edge, edgeMask, prepared.MeanSpectrum, medianStep, minStep, smallStep, noEdge, prepared.NonFiniteVoxels, fragments, grains, particles);
    }

    /// <summary>
    /// Lets go of a stack file's slab and of the last stage's scratch before the next stage allocates its own: the
    /// runtime would otherwise grow the heap beside memory it has not yet collected, past the budget. A stack in memory
    /// holds no slab of its own.
    /// </summary>
    private static void ReturnSlab(ISpectralStack stack)
    {
        if (stack.SlabBytes(1) > 0)
        {
            stack.ReleaseSlab();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }

    /// <summary>The material's finite edge steps, in an array of their exact count.</summary>
    private static float[] MaterialSteps(bool[] material, float[] step)
    {
        int count = 0;
        for (int i = 0; i < material.Length; i++)
        {
            count += material[i] && float.IsFinite(step[i]) ? 1 : 0;
        }

        var steps = new float[count];
        int next = 0;
        for (int i = 0; i < material.Length; i++)
        {
            if (material[i] && float.IsFinite(step[i]))
            {
                steps[next++] = step[i];
            }
        }

        return steps;
    }

    /// <summary>The first slice of each slab of <paramref name="slices"/> and its depth.</summary>
    private static IEnumerable<(int First, int Depth)> Slabs(VolumeShape shape, int slices)
    {
        for (int z = 0; z < shape.Depth; z += slices)
        {
            yield return (z, Math.Min(slices, shape.Depth - z));
        }
    }

    private static (float[] Mean, int NonFinite) MeanVolume(ISpectralStack stack, int slices)
    {
        var mean = new float[stack.Shape.Count];
        float weight = 1f / stack.EnergiesEv.Count;
        foreach ((int first, int depth) in Slabs(stack.Shape, slices))
        {
            SpectralSlab slab = stack.Slab(first, depth);
            Span<float> part = mean.AsSpan(first * stack.Shape.PlaneSize, slab.Length);
            for (int k = 0; k < stack.EnergiesEv.Count; k++)
            {
                ScaledSum.Accumulate(part, slab.At(k), weight);
            }
        }

        return (mean, mean.Count(v => !float.IsFinite(v)));
    }

    /// <summary>The mean over the material of each energy's finite values, summed in voxel order (NaN where none).</summary>
    private static double[] MeanSpectrum(ISpectralStack stack, bool[] material, int slices)
    {
        int energies = stack.EnergiesEv.Count;
        var sums = new double[energies];
        var counts = new long[energies];
        foreach ((int first, int depth) in Slabs(stack.Shape, slices))
        {
            SpectralSlab slab = stack.Slab(first, depth);
            int offset = first * stack.Shape.PlaneSize;
            for (int k = 0; k < energies; k++)
            {
                ReadOnlySpan<float> values = slab.At(k);
                for (int i = 0; i < values.Length; i++)
                {
                    if (material[offset + i] && float.IsFinite(values[i]))
                    {
                        sums[k] += values[i];
                        counts[k]++;
                    }
                }
            }
        }

        return [.. sums.Select((sum, k) => counts[k] == 0 ? double.NaN : sum / counts[k])];
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
