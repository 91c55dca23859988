using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// A spectral stack held in memory: <c>Volumes[k]</c> is the [z, y, x] volume at <c>EnergiesEv[k]</c>. Its slabs are
/// views of those volumes, so analysing it costs no copy.
/// </summary>
public sealed class SpectralStack : ISpectralStack
{
    private readonly float[][] _volumes;

    public SpectralStack(IReadOnlyList<double> energiesEv, VolumeShape shape, IReadOnlyList<float[]> volumes, double voxelSizeUm, string source)
    {
        ArgumentNullException.ThrowIfNull(energiesEv);
        ArgumentNullException.ThrowIfNull(volumes);
        Source = source;
        if (energiesEv.Count != volumes.Count)
        {
            throw new InputException($"{source}: {energiesEv.Count} energies but {volumes.Count} volumes");
        }

        EnergiesEv = SpectralEnergies.Checked(energiesEv, source);
        for (int k = 0; k < volumes.Count; k++)
        {
            if (volumes[k].Length != shape.Count)
            {
                throw new InputException($"{source}: the volume at {energiesEv[k]} eV has {volumes[k].Length} voxels, not {shape} = {shape.Count}");
            }
        }

        Shape = shape;
        _volumes = [.. volumes];
        VoxelSizeUm = voxelSizeUm;
    }

    public IReadOnlyList<double> EnergiesEv { get; }

    public VolumeShape Shape { get; }

    public IReadOnlyList<float[]> Volumes => _volumes;

    public double VoxelSizeUm { get; }

    public string Source { get; }

    public SpectralSlab Slab(int firstSlice, int slices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstSlice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSlice + slices, Shape.Depth, nameof(slices));
        return new SpectralSlab(_volumes, firstSlice * Shape.PlaneSize, slices * Shape.PlaneSize);
    }

    public void ReleaseSlab()
    {
    }

    public long SlabBytes(int slices) => 0;
}
