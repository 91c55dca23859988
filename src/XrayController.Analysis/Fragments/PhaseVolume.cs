namespace XrayController.Analysis.Fragments;

/// <summary>A reconstructed volume [z, y, x] held in memory (δ after phase retrieval, or attenuation), its voxel size and what it holds.</summary>
public sealed record PhaseVolume(VolumeShape Shape, float[] Values, double VoxelUm, string Quantity, string Source) : IVolume
{
    /// <summary>Reads the whole of <c>/exchange/recon</c> (see <see cref="VolumeFile"/>).</summary>
    public static PhaseVolume Read(string path, double? voxelSizeUm = null)
    {
        using VolumeFile file = VolumeFile.Open(path, voxelSizeUm, "the fragment analysis");
        return Read(file);
    }

    /// <summary>Reads the whole of an open volume file.</summary>
    public static PhaseVolume Read(VolumeFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new PhaseVolume(file.Shape, file.ReadWhole(), file.VoxelUm, file.Quantity, file.Source);
    }

    public ReadOnlyMemory<float> Slices(int first, int count) => Values.AsMemory(first * Shape.PlaneSize, count * Shape.PlaneSize);

    public long SlabBytes(int count) => 0;
}
