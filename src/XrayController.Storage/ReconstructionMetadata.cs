using PureHDF;

namespace XrayController.Storage;

/// <summary>How a volume was made, stored as attributes of <c>/exchange/recon</c>.</summary>
/// <param name="Units"><c>1/mm</c> when the pixel size is known, else <c>1/pixel</c>.</param>
/// <param name="FirstRow">The detector row of slice 0.</param>
public sealed record ReconstructionMetadata(
    string Units,
    double? VoxelSizeUm,
    double CenterPx,
    string CenterSource,
    string Algorithm,
    string Filter,
    string FlatMode,
    string RingRemoval,
    bool ZingerRemoval,
    int FirstRow,
    string SourceFile,
    string SoftwareVersion)
{
    /// <summary>Further attributes of the volume (a phase retrieval's quantity and settings).</summary>
    public IReadOnlyDictionary<string, object> Extra { get; init; } = new Dictionary<string, object>();

    /// <summary>The attributes the writer adds itself (the scaling of 16-bit integers, the time of writing), never taken from another volume.</summary>
    private static readonly string[] Written = ["scale_factor", "add_offset", "created"];

    /// <summary>
    /// The metadata a volume of this program records (<see cref="ReconstructionFileWriter"/>), read back from its
    /// <c>/exchange/recon</c>: what the writer names, and every other attribute (strings, numbers and arrays of
    /// them) as <see cref="Extra"/>.
    /// </summary>
    public static ReconstructionMetadata Read(IH5Dataset recon)
    {
        ArgumentNullException.ThrowIfNull(recon);
        Dictionary<string, object> values = recon.Attributes().Where(a => !Written.Contains(a.Name)).ToDictionary(a => a.Name, Value);
        T Take<T>(string name) => values.Remove(name, out object? value) && value is T typed ? typed : throw new InvalidDataException($"/exchange/recon has no {typeof(T).Name} attribute {name}");
        return new ReconstructionMetadata(
            Take<string>("units"),
            values.Remove("voxel_size_um", out object? voxel) ? (double)voxel : null,
            Take<double>("center_px"),
            Take<string>("center_source"),
            Take<string>("algorithm"),
            Take<string>("filter"),
            Take<string>("flat_mode"),
            Take<string>("ring_removal"),
            Take<int>("zinger_removal") != 0,
            Take<int>("first_row"),
            Take<string>("source_file"),
            Take<string>("software_version"))
        {
            Extra = values,
        };
    }

    private static object Value(IH5Attribute attribute)
    {
        bool scalar = attribute.Space.Dimensions.Length == 0;
        return attribute.Type.Class switch
        {
            H5DataTypeClass.String or H5DataTypeClass.VariableLength => scalar ? attribute.Read<string>() : attribute.Read<string[]>(),
            H5DataTypeClass.FloatingPoint => scalar ? attribute.Read<double>() : attribute.Read<double[]>(),
            H5DataTypeClass.FixedPoint => scalar ? attribute.Read<int>() : attribute.Read<int[]>(),
            _ => throw new InvalidDataException($"/exchange/recon attribute {attribute.Name} is of a type this program does not write ({attribute.Type.Class})"),
        };
    }
}
