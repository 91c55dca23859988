using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using XrayController.Core.Diagnostics;
using XrayController.Storage.Reading;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// A spectral reconstruction read from its file a slab at a time: <c>/exchange/recon</c> as a 4D dataset
/// [energy, z, y, x] in attenuation units (any common numeric type, with <c>scale_factor</c> and <c>add_offset</c>
/// applied) and <c>/exchange/energy</c> in eV, one per volume; the voxel size from the recon's <c>voxel_size_um</c>
/// attribute unless given. Files from other programs (h5py, tomopy) need nothing more. One buffer per energy is kept,
/// sized for the largest slab asked for.
/// </summary>
public sealed class SpectralStackFile : ISpectralStack, IDisposable
{
    private readonly NativeFile _file;
    private readonly IH5Dataset _recon;
    private float[][] _buffers = [];

    private SpectralStackFile(NativeFile file, IH5Dataset recon, double[] energiesEv, VolumeShape shape, double voxelSizeUm, string source)
    {
        _file = file;
        _recon = recon;
        EnergiesEv = energiesEv;
        Shape = shape;
        VoxelSizeUm = voxelSizeUm;
        Source = source;
    }

    public IReadOnlyList<double> EnergiesEv { get; }

    public VolumeShape Shape { get; }

    public double VoxelSizeUm { get; }

    public string Source { get; }

    public static SpectralStackFile Open(string path, double? voxelSizeUm = null)
    {
        string name = Path.GetFileName(path);
        NativeFile? file = null;
        try
        {
            file = H5File.OpenRead(path);
            IH5Dataset recon = Dataset(file, "/exchange/recon", name, "the reconstructed volumes");
            IH5Dataset energy = Dataset(file, "/exchange/energy", name, "an energy axis (eV, one per volume)");
            ulong[] dims = recon.Space.Dimensions;
            if (dims.Length != 4)
            {
                throw new InputException($"{name}: /exchange/recon has {dims.Length} dimensions; a spectral stack has 4: [energy, z, y, x]");
            }

            double[] energies = SpectralEnergies.Checked(ElementReader.ReadVector(energy, $"{name}: /exchange/energy"), name);
            if ((ulong)energies.Length != dims[0])
            {
                throw new InputException($"{name}: /exchange/energy has {energies.Length} values but /exchange/recon holds {dims[0]} volumes");
            }

            if (dims[1] * dims[2] * dims[3] > int.MaxValue)
            {
                throw new InputException($"{name}: /exchange/recon volumes of {dims[1]} x {dims[2]} x {dims[3]} voxels are more than the analysis indexes ({int.MaxValue}); bin the reconstruction");
            }

            var shape = new VolumeShape((int)dims[1], (int)dims[2], (int)dims[3]);
            double voxel = voxelSizeUm ?? ElementReader.ReadNumberAttribute(recon, "voxel_size_um") ?? throw new InputException($"{name}: /exchange/recon has no voxel_size_um attribute; give the voxel size (--voxel-um) so volumes can be stated in µm³");
            var stack = new SpectralStackFile(file, recon, energies, shape, voxel, name);
            file = null;
            return stack;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or NotSupportedException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read {path}: {e.Message}", e);
        }
        finally
        {
            file?.Dispose();
        }
    }

    public SpectralSlab Slab(int firstSlice, int slices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstSlice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSlice + slices, Shape.Depth, nameof(slices));
        int count = slices * Shape.PlaneSize;
        if (_buffers.Length == 0 || _buffers[0].Length < count)
        {
            _buffers = [];
            _buffers = [.. EnergiesEv.Select(_ => new float[count])];
        }

        string what = $"{Source}: /exchange/recon";
        try
        {
            for (int k = 0; k < EnergiesEv.Count; k++)
            {
                var selection = new HyperslabSelection(rank: 4, starts: [(ulong)k, (ulong)firstSlice, 0, 0], blocks: [1, (ulong)slices, (ulong)Shape.Height, (ulong)Shape.Width]);
                ElementReader.ReadVolumeInto(_recon, selection, _buffers[k], count, what);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new InputException($"cannot read slices {firstSlice}–{firstSlice + slices - 1} of {what}: {e.Message}", e);
        }

        ReadGarbage.Read(SlabBytes(slices));
        return new SpectralSlab(_buffers, 0, count);
    }

    public void ReleaseSlab() => _buffers = [];

    /// <summary>The volume at energy <paramref name="index"/> (attenuation, [z, y, x]), read from the file a slab at a time like any volume.</summary>
    public IVolume AtEnergy(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, EnergiesEv.Count);
        return new EnergyVolume(_recon, index, Shape, VoxelSizeUm, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Source} at {EnergiesEv[index]:0.0} eV"));
    }

    /// <summary>A buffer per energy, and for a stored type other than float32 one more while it is converted.</summary>
    public long SlabBytes(int slices) => slices * SliceBytes(EnergiesEv.Count, Shape, ElementReader.ReadsInPlace(_recon));

    /// <summary>What a slab holds a slice: a float32 buffer per energy, and one more when the stored type is read through a conversion.</summary>
    public static long SliceBytes(int energies, VolumeShape shape, bool readsInPlace) => (energies + (readsInPlace ? 0 : 1)) * (long)shape.PlaneSize * sizeof(float);

    public void Dispose() => _file.Dispose();

    private static IH5Dataset Dataset(NativeFile file, string path, string name, string what) =>
        file.LinkExists(path) ? file.Dataset(path) : throw new InputException($"{name} has no {path}: the XANES analysis needs {what}");
}
