using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using XrayController.Core.Diagnostics;
using XrayController.Storage.Reading;

namespace XrayController.Analysis.Fragments;

/// <summary>A reconstructed volume [z, y, x] (δ after phase retrieval, or attenuation), its voxel size and what it holds.</summary>
public sealed record PhaseVolume(VolumeShape Shape, float[] Values, double VoxelUm, string Quantity, string Source)
{
    /// <summary>
    /// Reads <c>/exchange/recon</c> (3D, any common numeric type) and its <c>voxel_size_um</c> attribute unless given;
    /// <c>quantity</c> says what it holds (this program writes <c>delta</c> after phase retrieval; absent: unknown).
    /// </summary>
    public static PhaseVolume Read(string path, double? voxelSizeUm = null)
    {
        string name = Path.GetFileName(path);
        try
        {
            using NativeFile file = H5File.OpenRead(path);
            if (!file.LinkExists("/exchange/recon"))
            {
                throw new InputException($"{name} has no /exchange/recon: the fragment analysis needs a reconstructed volume");
            }

            IH5Dataset recon = file.Dataset("/exchange/recon");
            ulong[] dims = recon.Space.Dimensions;
            if (dims.Length != 3 || dims.Any(d => d < 2))
            {
                throw new InputException($"{name}: /exchange/recon is [{string.Join(", ", dims)}]; the fragment analysis needs one volume [z, y, x]");
            }

            var shape = new VolumeShape((int)dims[0], (int)dims[1], (int)dims[2]);
            float[] values = ElementReader.ReadVolume(recon, new HyperslabSelection(rank: 3, starts: [0, 0, 0], blocks: dims), $"{name}: /exchange/recon");
            double voxel = voxelSizeUm ?? Attribute(recon, "voxel_size_um")
                ?? throw new InputException($"{name}: /exchange/recon has no voxel_size_um attribute; give the voxel size (--voxel-um) so sizes can be stated in µm");
            if (!(voxel > 0) || !double.IsFinite(voxel))
            {
                throw new InputException($"{name}: the voxel size {voxel} µm must be a positive number");
            }

            string quantity = recon.AttributeExists("quantity") ? recon.Attribute("quantity").Read<string>() : "unknown";
            return new PhaseVolume(shape, values, voxel, quantity, name);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or NotSupportedException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read {path}: {e.Message}", e);
        }
    }

    private static double? Attribute(IH5Dataset dataset, string name)
    {
        if (!dataset.AttributeExists(name))
        {
            return null;
        }

        IH5Attribute attribute = dataset.Attribute(name);
        return attribute.Type.Class == H5DataTypeClass.FloatingPoint && attribute.Type.Size == 4 ? attribute.Read<float>() : attribute.Read<double>();
    }
}
