using XrayController.Analysis.Segmentation;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// Labels of the material: fragments (face-connected pieces), particles (fragments re-joined by closing their cracks)
/// and primary grains (watershed of the inverted distance map, seeded at its peaks, which sit at the grains' centres
/// because grains meet at narrow necks). The material is what lies above half the step from the background to the
/// particles (ISO-50: the median attenuation of each class, the classes split by Otsu's threshold), which keeps the
/// volume of a blurred outline where Otsu's own threshold, pulled towards the larger class, would not.
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
    public static XanesSegmentation Segment(float[] meanAttenuation, VolumeShape shape, XanesOptions options, string source)
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
        bool[] closed = Morphology.Close(kept, shape, options.CrackBridgeRadiusVoxels);
        (int[] particles, int particleCount) = ConnectedComponents.Label(closed, shape);
        float[] distance = EuclideanDistance.InsideDistance(kept, shape);
        (int[] markers, _) = PeakMarkers.Find(distance, shape, options.GrainSeedRadiusVoxels, options.MinGrainRadiusVoxels);
        int[] grains = Watershed.Flood([.. distance.Select(d => -d)], markers, kept, shape);
        (grains, int grainCount) = Renumber(grains);
        return new XanesSegmentation(threshold, kept, fragments, fragmentCount, particles, particleCount, grains, grainCount);
    }

    private static float Median(float[] values, Func<float, bool> keep)
    {
        float[] kept = [.. values.Where(v => float.IsFinite(v) && keep(v))];
        Array.Sort(kept);
        return kept[kept.Length / 2];
    }

    /// <summary>Labels 1 … N in order of first appearance, with no gaps (seeds in discarded specks leave none).</summary>
    private static (int[] Labels, int Count) Renumber(int[] labels)
    {
        var map = new Dictionary<int, int>();
        var result = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 0)
            {
                if (!map.TryGetValue(labels[i], out int label))
                {
                    label = map.Count + 1;
                    map[labels[i]] = label;
                }

                result[i] = label;
            }
        }

        return (result, map.Count);
    }
}
