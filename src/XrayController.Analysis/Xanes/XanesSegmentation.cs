using XrayController.Analysis.Segmentation;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// Labels of the material: fragments (face-connected pieces), particles (fragments re-joined by closing their cracks)
/// and primary grains (watershed of the inverted distance map, seeded at its peaks, which sit at the grains' centres
/// because grains meet at narrow necks). The material is what lies above half the step from the background to the
/// particles (ISO-50: the median attenuation of each class, the classes split by Otsu's threshold), which keeps the
/// volume of a blurred outline where Otsu's own threshold, pulled towards the larger class, would not. Grains are found
/// fragment by fragment (<see cref="FragmentGrains"/>), so a fragment's seeds never compete with a neighbour's.
/// </summary>
/// <param name="Threshold">The ISO-50 level between the background and the material.</param>
/// <param name="Material">Voxels above it, in pieces of at least the minimum fragment size.</param>
/// <param name="Fragments">0 outside; 1 … FragmentCount.</param>
/// <param name="Particles">0 outside; 1 … ParticleCount (closed outline, so it covers crack voxels too).</param>
/// <param name="Grains">0 outside; 1 … GrainCount.</param>
public sealed record XanesSegmentation(
    float Threshold,
    bool[] Material,
    int[] Fragments,
    int FragmentCount,
    int[] Particles,
    int ParticleCount,
    int[] Grains,
    int GrainCount)
{
    public static XanesSegmentation Segment(float[] meanAttenuation, VolumeShape shape, XanesOptions options, string source, long? budgetBytes = null)
    {
        ArgumentNullException.ThrowIfNull(meanAttenuation);
        ArgumentNullException.ThrowIfNull(options);
        float otsu;
        try
        {
            otsu = Otsu.Threshold(meanAttenuation);
        }
        catch (ArgumentException e)
        {
            throw new Core.Diagnostics.InputException($"{source}: the volume is uniform, so no particle can be told from its surroundings ({e.Message})", e);
        }

        float threshold = (Median(meanAttenuation, v => v <= otsu) + Median(meanAttenuation, v => v > otsu)) / 2;
        bool[] material = [.. meanAttenuation.Select(v => v > threshold)];
        (int[] fragments, int fragmentCount) = ConnectedComponents.Label(material, shape, options.MinFragmentVoxels);
        if (fragmentCount == 0)
        {
            throw new Core.Diagnostics.InputException($"{source}: no particle found: no connected piece of at least {options.MinFragmentVoxels} voxels lies above the level {threshold:G4} halfway between the background and the brightest class of the mean attenuation");
        }

        bool[] kept = [.. fragments.Select(label => label != 0)];
        (int[] particles, int particleCount) = ConnectedComponents.Label(Morphology.Close(kept, shape, options.CrackBridgeRadiusVoxels), shape);
        (int[] grains, int grainCount) = FragmentGrains.Split(fragments, fragmentCount, shape, options, budgetBytes, source);
        return new XanesSegmentation(threshold, kept, fragments, fragmentCount, particles, particleCount, grains, grainCount);
    }

    /// <summary>The median of the finite values <paramref name="keep"/> takes, gathered into an array of their exact count.</summary>
    private static float Median(float[] values, Func<float, bool> keep)
    {
        int count = values.Count(v => float.IsFinite(v) && keep(v));
        var kept = new float[count];
        int next = 0;
        foreach (float v in values)
        {
            if (float.IsFinite(v) && keep(v))
            {
                kept[next++] = v;
            }
        }

        Array.Sort(kept);
        return kept[kept.Length / 2];
    }
}
