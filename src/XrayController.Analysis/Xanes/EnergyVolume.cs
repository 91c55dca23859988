using PureHDF;
using PureHDF.Selections;
using XrayController.Core.Diagnostics;
using XrayController.Storage.Reading;

namespace XrayController.Analysis.Xanes;

/// <summary>One energy's volume of a spectral reconstruction ([energy, z, y, x]), read a slab of slices at a time (<see cref="SpectralStackFile.AtEnergy"/>).</summary>
internal sealed class EnergyVolume(IH5Dataset recon, int energy, VolumeShape shape, double voxelUm, string source) : IVolume
{
    private float[] _buffer = [];

    public VolumeShape Shape => shape;

    public double VoxelUm => voxelUm;

    public string Quantity => "attenuation";

    public string Source => source;

    public ReadOnlyMemory<float> Slices(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, shape.Depth, nameof(count));
        int values = count * shape.PlaneSize;
        if (_buffer.Length < values)
        {
            _buffer = new float[values];
        }

        var selection = new HyperslabSelection(rank: 4, starts: [(ulong)energy, (ulong)first, 0, 0], blocks: [1, (ulong)count, (ulong)shape.Height, (ulong)shape.Width]);
        try
        {
            ElementReader.ReadVolumeInto(recon, selection, _buffer, values, $"{source}: /exchange/recon");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new InputException($"cannot read slices {first}–{first + count - 1} of {source}: {e.Message}", e);
        }

        return _buffer.AsMemory(0, values);
    }

    public long SlabBytes(int count) => (long)count * shape.PlaneSize * sizeof(float);
}
