using System.Globalization;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

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
}

/// <summary>
/// Writes a reconstructed volume to <c>/exchange/recon</c> [z, y, x] float32, one chunk per slice, slab by slab with
/// bounded memory. The file is written as <c>NAME.partial</c> and renamed by <see cref="Complete"/>; disposing without
/// completing removes it, so an interrupted reconstruction leaves nothing half-written.
/// </summary>
public sealed class ReconstructionFileWriter : IDisposable
{
    private readonly H5Dataset<float[]> _volume;
    private readonly int _size;
    private readonly PartialHdf5File _file;

    public ReconstructionFileWriter(string path, int slices, int size, ReconstructionMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Path = path;
        _size = size;
        _volume = new H5Dataset<float[]>(
            fileDims: [(ulong)slices, (ulong)size, (ulong)size],
            chunks: [1, (uint)size, (uint)size],
            datasetCreation: new H5DatasetCreation(new EvictingChunkCache(2), []));
        Describe(_volume.Attributes, metadata);
        var file = new H5File
        {
            ["implements"] = "exchange",
            ["exchange"] = new H5Group { ["recon"] = _volume },
        };
        _file = new PartialHdf5File(file, path);
    }

    public string Path { get; }

    /// <summary>Writes slices <c>firstSlice …</c> from a [slice][row][column] block.</summary>
    public void WriteSlab(int firstSlice, float[] slab)
    {
        ArgumentNullException.ThrowIfNull(slab);
        int count = slab.Length / (_size * _size);
        var selection = new HyperslabSelection(rank: 3, starts: [(ulong)firstSlice, 0, 0], blocks: [(ulong)count, (ulong)_size, (ulong)_size]);
        _file.Writer.Write(_volume, slab, fileSelection: selection);
    }

    public void Complete() => _file.Complete();

    public void Dispose() => _file.Dispose();

    internal static void Describe(IDictionary<string, object> attributes, ReconstructionMetadata metadata)
    {
        attributes["units"] = metadata.Units;
        if (metadata.VoxelSizeUm is { } voxel)
        {
            attributes["voxel_size_um"] = voxel;
        }

        attributes["center_px"] = metadata.CenterPx;
        attributes["center_source"] = metadata.CenterSource;
        attributes["algorithm"] = metadata.Algorithm;
        attributes["filter"] = metadata.Filter;
        attributes["flat_mode"] = metadata.FlatMode;
        attributes["ring_removal"] = metadata.RingRemoval;
        attributes["zinger_removal"] = metadata.ZingerRemoval ? 1 : 0;
        attributes["first_row"] = metadata.FirstRow;
        attributes["source_file"] = metadata.SourceFile;
        attributes["software_version"] = metadata.SoftwareVersion;
        attributes["created"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        foreach ((string key, object value) in metadata.Extra)
        {
            attributes[key] = value;
        }
    }
}
