namespace XrayController.Storage;

/// <summary>How a reconstructed volume's values are stored (<c>--dtype</c>).</summary>
public enum VolumeType
{
    /// <summary>32-bit floats, as reconstructed.</summary>
    Float32,

    /// <summary>IEEE half precision: 3 significant digits, magnitudes from 6·10⁻⁵ to 65504; half the bytes.</summary>
    Float16,

    /// <summary>16-bit integers over the volume's range: value = stored × <c>scale_factor</c> + <c>add_offset</c> (the CF convention); half the bytes.</summary>
    UInt16,
}

public static class VolumeTypes
{
    /// <summary>The names <c>--dtype</c> takes.</summary>
    public static readonly IReadOnlyDictionary<string, VolumeType> Names = new Dictionary<string, VolumeType>
    {
        ["float32"] = VolumeType.Float32,
        ["float16"] = VolumeType.Float16,
        ["uint16"] = VolumeType.UInt16,
    };

    public static int BytesPerVoxel(this VolumeType type) => type == VolumeType.Float32 ? sizeof(float) : sizeof(ushort);

    /// <summary>Bytes per voxel the disk holds at most while the volume is written: a 16-bit integer volume is first written as floats, to find its range.</summary>
    public static int PeakDiskBytesPerVoxel(this VolumeType type) => type == VolumeType.UInt16 ? sizeof(float) + sizeof(ushort) : type.BytesPerVoxel();
}
