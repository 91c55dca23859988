using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using XrayController.Core.Diagnostics;
using XrayController.Storage.Reading;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// Reads a spectral reconstruction: <c>/exchange/recon</c> as a 4D dataset [energy, z, y, x] in attenuation units (any
/// common numeric type) and <c>/exchange/energy</c> in eV, one per volume; the voxel size from the recon's
/// <c>voxel_size_um</c> attribute unless given. Files from other programs (h5py, tomopy) need nothing more.
/// </summary>
public static class SpectralStackReader
{
    public static SpectralStack Read(string path, double? voxelSizeUm = null)
    {
        string name = Path.GetFileName(path);
        try
        {
            using NativeFile file = H5File.OpenRead(path);
            IH5Dataset recon = Dataset(file, "/exchange/recon", name, "the reconstructed volumes");
            IH5Dataset energy = Dataset(file, "/exchange/energy", name, "an energy axis (eV, one per volume)");
            ulong[] dims = recon.Space.Dimensions;
            if (dims.Length != 4)
            {
                throw new InputException($"{name}: /exchange/recon has {dims.Length} dimensions; a spectral stack has 4: [energy, z, y, x]");
            }

            double[] energies = ElementReader.ReadVector(energy, $"{name}: /exchange/energy");
            if ((ulong)energies.Length != dims[0])
            {
                throw new InputException($"{name}: /exchange/energy has {energies.Length} values but /exchange/recon holds {dims[0]} volumes");
            }

            var shape = new VolumeShape((int)dims[1], (int)dims[2], (int)dims[3]);
            float[][] volumes =
            [
                .. Enumerable.Range(0, energies.Length).Select(k => ElementReader.ReadVolume(
                    recon,
                    new HyperslabSelection(rank: 4, starts: [(ulong)k, 0, 0, 0], blocks: [1, dims[1], dims[2], dims[3]]),
                    $"{name}: /exchange/recon")),
            ];
            double voxel = voxelSizeUm ?? VoxelSize(recon) ?? throw new InputException($"{name}: /exchange/recon has no voxel_size_um attribute; give the voxel size (--voxel-um) so volumes can be stated in µm³");
            return new SpectralStack(energies, shape, volumes, voxel, name);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or NotSupportedException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read {path}: {e.Message}", e);
        }
    }

    private static IH5Dataset Dataset(NativeFile file, string path, string name, string what) =>
        file.LinkExists(path) ? file.Dataset(path) : throw new InputException($"{name} has no {path}: the XANES analysis needs {what}");

    private static double? VoxelSize(IH5Dataset recon)
    {
        if (!recon.AttributeExists("voxel_size_um"))
        {
            return null;
        }

        IH5Attribute attribute = recon.Attribute("voxel_size_um");
        return attribute.Type.Class == H5DataTypeClass.FloatingPoint && attribute.Type.Size == 4 ? attribute.Read<float>() : attribute.Read<double>();
    }
}
