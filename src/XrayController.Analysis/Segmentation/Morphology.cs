namespace XrayController.Analysis.Segmentation;

/// <summary>Binary morphology with an exact Euclidean ball, through distance transforms.</summary>
public static class Morphology
{
    /// <summary>Voxels within <paramref name="radius"/> of the mask.</summary>
    public static bool[] Dilate(bool[] mask, VolumeShape shape, double radius)
    {
        float[] squared = EuclideanDistance.SquaredTo(mask, shape);
        return [.. squared.Select(d => d <= radius * radius)];
    }

    /// <summary>Voxels whose ball of <paramref name="radius"/> lies wholly in the mask (the volume's outside does not erode).</summary>
    public static bool[] Erode(bool[] mask, VolumeShape shape, double radius)
    {
        ArgumentNullException.ThrowIfNull(mask);
        float[] squared = EuclideanDistance.SquaredTo([.. mask.Select(m => !m)], shape);
        return [.. squared.Select(d => d > radius * radius)];
    }

    /// <summary>Dilation then erosion: fills gaps narrower than about twice the radius (cracks) without growing the outline.</summary>
    public static bool[] Close(bool[] mask, VolumeShape shape, double radius) => Erode(Dilate(mask, shape, radius), shape, radius);
}
