namespace XrayController.Analysis.Xanes;

/// <summary>
/// Some whole slices of a spectral stack: at energy k its voxels are <c>Volumes[k][Offset .. Offset + Length)</c>, in
/// [z, y, x] order (a view into a stack held in memory, or the buffers a stack read from its file fills).
/// </summary>
public readonly record struct SpectralSlab(float[][] Volumes, int Offset, int Length)
{
    public ReadOnlySpan<float> At(int energy) => Volumes[energy].AsSpan(Offset, Length);

    public float this[int energy, int voxel] => Volumes[energy][Offset + voxel];
}
