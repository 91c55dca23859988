namespace XrayController.Analysis.Xanes;

/// <summary>
/// A volume per energy, in attenuation units, on one [z, y, x] grid, handed out a slab of slices at a time so that a
/// stack larger than memory (63 energies of 1024³ are 270 GB) can be analysed: in memory (<see cref="SpectralStack"/>)
/// or from its file (<see cref="SpectralStackFile"/>). Energies rise strictly; a stack is checked when made.
/// </summary>
public interface ISpectralStack
{
    IReadOnlyList<double> EnergiesEv { get; }

    VolumeShape Shape { get; }

    /// <summary>The voxel edge in µm, or NaN when the source does not say.</summary>
    double VoxelSizeUm { get; }

    /// <summary>Where the stack came from, for messages.</summary>
    string Source { get; }

    /// <summary>
    /// Slices <paramref name="firstSlice"/> … <paramref name="firstSlice"/> + <paramref name="slices"/> − 1 at every
    /// energy. The slab stays valid until the next call.
    /// </summary>
    SpectralSlab Slab(int firstSlice, int slices);

    /// <summary>Lets go of the last slab's buffers (until the next <see cref="Slab"/>), so that work between two passes over the stack has that memory.</summary>
    void ReleaseSlab();

    /// <summary>The bytes <see cref="Slab"/> holds beside the caller for a slab of <paramref name="slices"/> (0 for a stack already in memory).</summary>
    long SlabBytes(int slices);
}
