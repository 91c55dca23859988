using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using XrayController.Core.Diagnostics;
using XrayController.Storage.Reading;

namespace XrayController.Analysis;

/// <summary>
/// A reconstruction's <c>/exchange/recon</c> (3D, any common numeric type, <c>scale_factor</c> and <c>add_offset</c>
/// applied) read from its file a slab of slices at a time into one buffer, with its <c>voxel_size_um</c> attribute
/// unless given, <c>quantity</c> (this program writes <c>delta</c> after phase retrieval; absent: attenuation where
/// <c>units</c> is 1/mm, else unknown) and
/// <c>top_z_mm</c>, the height of slice 0 (absent: the volume centred on z = 0), and for a region of a sample
/// (a roi scan) <c>roi_diameter_mm</c> and <c>sample_roi_centre_mm</c>, its centre in the sample's frame.
/// </summary>
public sealed class VolumeFile : IVolume, IDisposable
{
    private readonly NativeFile _file;
    private readonly IH5Dataset _recon;
    private float[] _buffer = [];

    private VolumeFile(NativeFile file, IH5Dataset recon, VolumeShape shape, double voxelUm, string quantity, double topZMm, string source, SampleRegionFrame? region)
    {
        Region = region;
        _file = file;
        _recon = recon;
        Shape = shape;
        VoxelUm = voxelUm;
        Quantity = quantity;
        TopZMm = topZMm;
        Source = source;
    }

    public VolumeShape Shape { get; }

    public double VoxelUm { get; }

    public string Quantity { get; }

    /// <summary>The height (mm) of slice 0.</summary>
    public double TopZMm { get; }

    public string Source { get; }

    /// <summary>For a roi scan's volume: where its region lies in the sample's frame; else null.</summary>
    public SampleRegionFrame? Region { get; }

    /// <summary>Opens <paramref name="path"/>; <paramref name="what"/> names the analysis in messages ("the fragment analysis").</summary>
    public static VolumeFile Open(string path, double? voxelSizeUm, string what)
    {
        string name = Path.GetFileName(path);
        NativeFile? file = null;
        try
        {
            file = H5File.OpenRead(path);
            if (!file.LinkExists("/exchange/recon"))
            {
                throw new InputException($"{name} has no /exchange/recon: {what} needs a reconstructed volume");
            }

            IH5Dataset recon = file.Dataset("/exchange/recon");
            ulong[] dims = recon.Space.Dimensions;
            if (dims.Length != 3 || dims.Any(d => d < 2))
            {
                throw new InputException($"{name}: /exchange/recon is [{string.Join(", ", dims)}]; {what} needs one volume [z, y, x]");
            }

            if (dims[0] > int.MaxValue || dims[1] * dims[2] > int.MaxValue)
            {
                throw new InputException($"{name}: /exchange/recon of {dims[0]} x {dims[1]} x {dims[2]} voxels has slices larger than {what} indexes ({int.MaxValue} voxels)");
            }

            double voxel = voxelSizeUm ?? ElementReader.ReadNumberAttribute(recon, "voxel_size_um")
                ?? throw new InputException($"{name}: /exchange/recon has no voxel_size_um attribute; give the voxel size (--voxel-um) so sizes can be stated in µm");
            if (!(voxel > 0) || !double.IsFinite(voxel))
            {
                throw new InputException($"{name}: the voxel size {voxel} µm must be a positive number");
            }

            var shape = new VolumeShape((int)dims[0], (int)dims[1], (int)dims[2]);
            string quantity = recon.AttributeExists("quantity") ? recon.Attribute("quantity").Read<string>()
                : recon.AttributeExists("units") && recon.Attribute("units").Read<string>() == "1/mm" ? "attenuation" : "unknown";
            double top = ElementReader.ReadNumberAttribute(recon, "top_z_mm") ?? ((shape.Depth - 1) / 2.0 * voxel / 1000);
            var volume = new VolumeFile(file, recon, shape, voxel, quantity, top, name, ReadRegion(recon, name));
            file = null;
            return volume;
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

    /// <summary>The region's centre and diameter when the volume records both (validated), null when it records neither.</summary>
    private static SampleRegionFrame? ReadRegion(IH5Dataset recon, string name)
    {
        bool hasCentre = recon.AttributeExists("sample_roi_centre_mm");
        double? diameter = ElementReader.ReadNumberAttribute(recon, "roi_diameter_mm");
        if (!hasCentre)
        {
            return null;
        }

        IH5Attribute attribute = recon.Attribute("sample_roi_centre_mm");
        double[] centre = attribute.Type.Class != H5DataTypeClass.FloatingPoint ? []
            : attribute.Type.Size == 4 ? [.. attribute.Read<float[]>().Select(v => (double)v)] : attribute.Read<double[]>();
        if (centre.Length != 3 || !centre.All(double.IsFinite))
        {
            throw new InputException($"{name}: /exchange/recon's sample_roi_centre_mm must be three finite numbers (x, y, z in mm); it holds [{string.Join(", ", centre)}]");
        }

        if (diameter is not { } d || !(d > 0) || !double.IsFinite(d))
        {
            throw new InputException($"{name}: /exchange/recon records a region's centre but its roi_diameter_mm is {(diameter is { } given ? given.ToString(System.Globalization.CultureInfo.InvariantCulture) : "missing")}; it must be a positive number of mm");
        }

        return new SampleRegionFrame(centre[0], centre[1], centre[2], d);
    }

    public ReadOnlyMemory<float> Slices(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, Shape.Depth, nameof(count));
        int length = count * Shape.PlaneSize;
        if (_buffer.Length < length)
        {
            _buffer = [];
            _buffer = new float[length];
        }

        Read(first, count, _buffer);
        ReadGarbage.Read(SlabBytes(count));
        return _buffer.AsMemory(0, length);
    }

    /// <summary>The whole volume, in an array of its own.</summary>
    public float[] ReadWhole()
    {
        VolumeShape.RequireOneArray(Shape, $"{Source}: an analysis that reads the volume whole");
        var values = new float[Shape.Count];
        Read(0, Shape.Depth, values);
        return values;
    }

    private void Read(int first, int count, float[] into)
    {
        var selection = new HyperslabSelection(rank: 3, starts: [(ulong)first, 0, 0], blocks: [(ulong)count, (ulong)Shape.Height, (ulong)Shape.Width]);
        try
        {
            ElementReader.ReadVolumeInto(_recon, selection, into, count * Shape.PlaneSize, $"{Source}: /exchange/recon");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new InputException($"cannot read slices {first}–{first + count - 1} of {Source}: {e.Message}", e);
        }
    }

    /// <summary>The buffer, and for a stored type other than float32 the converted copy beside it.</summary>
    public long SlabBytes(int count) => count * SliceBytes(Shape, ElementReader.ReadsInPlace(_recon));

    /// <summary>What reading holds a slice: its float32 buffer, and the stored values beside it when they are converted.</summary>
    public static long SliceBytes(VolumeShape shape, bool readsInPlace) => (readsInPlace ? 1 : 2) * (long)shape.PlaneSize * sizeof(float);

    /// <summary>Lets go of the slab buffer (until the next <see cref="Slices"/>).</summary>
    public void ReleaseSlab() => _buffer = [];

    public void Dispose() => _file.Dispose();
}

/// <summary>A reconstructed region of a sample: its centre in the sample's frame (mm) and its diameter.</summary>
public sealed record SampleRegionFrame(double XMm, double YMm, double ZMm, double DiameterMm);
