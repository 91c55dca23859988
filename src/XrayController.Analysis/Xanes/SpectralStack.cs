using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// A volume per energy, in attenuation units, on one grid: <c>Volumes[k]</c> is the [z, y, x] volume at
/// <c>EnergiesEv[k]</c>. Energies must rise strictly; a stack is checked when made, so the analysis can trust it.
/// </summary>
public sealed class SpectralStack
{
    public SpectralStack(IReadOnlyList<double> energiesEv, VolumeShape shape, IReadOnlyList<float[]> volumes, double voxelSizeUm, string source)
    {
        ArgumentNullException.ThrowIfNull(energiesEv);
        ArgumentNullException.ThrowIfNull(volumes);
        Source = source;
        if (energiesEv.Count != volumes.Count)
        {
            throw new InputException($"{source}: {energiesEv.Count} energies but {volumes.Count} volumes");
        }

        for (int k = 0; k < energiesEv.Count; k++)
        {
            if (!double.IsFinite(energiesEv[k]))
            {
                throw new InputException($"{source}: energy [{k}] is {energiesEv[k]}, not a number of eV");
            }

            if (k > 0 && energiesEv[k] <= energiesEv[k - 1])
            {
                string what = energiesEv[k] == energiesEv[k - 1] ? "repeats" : "is below";
                throw new InputException($"{source}: energy [{k}] = {energiesEv[k]} eV {what} energy [{k - 1}] = {energiesEv[k - 1]} eV; energies must rise strictly");
            }

            if (volumes[k].Length != shape.Count)
            {
                throw new InputException($"{source}: the volume at {energiesEv[k]} eV has {volumes[k].Length} voxels, not {shape} = {shape.Count}");
            }
        }

        EnergiesEv = [.. energiesEv];
        Shape = shape;
        Volumes = volumes;
        VoxelSizeUm = voxelSizeUm;
    }

    public IReadOnlyList<double> EnergiesEv { get; }

    public VolumeShape Shape { get; }

    public IReadOnlyList<float[]> Volumes { get; }

    /// <summary>The voxel edge in µm, or NaN when the file does not say.</summary>
    public double VoxelSizeUm { get; }

    /// <summary>Where the stack came from, for messages.</summary>
    public string Source { get; }
}
