namespace XrayController.Analysis;

/// <summary>
/// A reconstructed volume [z, y, x] (δ after phase retrieval, or attenuation) handed out a slab of slices at a time, so
/// that an analysis that works slice by slice holds no more than its budget allows: in memory
/// (<see cref="Fragments.PhaseVolume"/>) or from its file (<see cref="VolumeFile"/>).
/// </summary>
public interface IVolume
{
    VolumeShape Shape { get; }

    double VoxelUm { get; }

    /// <summary>What the volume holds (<c>delta</c>, <c>attenuation</c>, or <c>unknown</c>).</summary>
    string Quantity { get; }

    /// <summary>Where it came from, for messages.</summary>
    string Source { get; }

    /// <summary>Slices <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1, [z, y, x]; valid until the next call.</summary>
    ReadOnlyMemory<float> Slices(int first, int count);

    /// <summary>The bytes <see cref="Slices"/> holds for <paramref name="count"/> slices (0 for a volume already in memory).</summary>
    long SlabBytes(int count);
}
