using System.Globalization;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace XrayController.Storage;

/// <summary>
/// Writes a reconstructed volume to <c>/exchange/recon</c> [z, y, x], one chunk per slice, slab by slab with bounded
/// memory: as float32, as float16, or as 16-bit integers scaled over the volume's range (<see cref="VolumeType"/>),
/// which is known only at the end: those slabs are written as floats to a file beside (<c>NAME.float32</c>), then
/// converted slice by slice. The file is written as <c>NAME.partial</c> and renamed by <see cref="Complete"/>; disposing
/// without completing removes it (and the floats), so an interrupted reconstruction leaves nothing half-written.
/// </summary>
public sealed class ReconstructionFileWriter : IDisposable
{
    private readonly int _slices;
    private readonly int _size;
    private readonly ReconstructionMetadata _metadata;
    private readonly VolumeType _type;
    private readonly ReconstructionFileWriter? _floats;
    private readonly H5Dataset? _volume;
    private PartialHdf5File? _file;
    private float _min = float.PositiveInfinity;
    private float _max = float.NegativeInfinity;

    public ReconstructionFileWriter(string path, int slices, int size, ReconstructionMetadata metadata, VolumeType type = VolumeType.Float32)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Path = path;
        (_slices, _size, _metadata, _type) = (slices, size, metadata, type);
        if (type == VolumeType.UInt16)
        {
            _floats = new ReconstructionFileWriter(path + ".float32", slices, size, metadata);
            return;
        }

        (_file, _volume) = Create(type, scale: null);
    }

    public string Path { get; }

    /// <summary>Writes slices <c>firstSlice …</c> from a [slice][row][column] block.</summary>
    public void WriteSlab(int firstSlice, float[] slab)
    {
        ArgumentNullException.ThrowIfNull(slab);
        if (_floats is not null)
        {
            foreach (float v in slab)
            {
                (_min, _max) = float.IsFinite(v) ? (Math.Min(_min, v), Math.Max(_max, v)) : (_min, _max);
            }

            _floats.WriteSlab(firstSlice, slab);
            return;
        }

        int count = slab.Length / (_size * _size);
        var selection = new HyperslabSelection(rank: 3, starts: [(ulong)firstSlice, 0, 0], blocks: [(ulong)count, (ulong)_size, (ulong)_size]);
        if (_type == VolumeType.Float16)
        {
            _file!.Writer.Write((H5Dataset<Half[]>)_volume!, [.. slab.Select(v => (Half)v)], fileSelection: selection);
        }
        else
        {
            _file!.Writer.Write((H5Dataset<float[]>)_volume!, slab, fileSelection: selection);
        }
    }

    public void Complete()
    {
        if (_floats is not null)
        {
            _floats.Complete();
            ConvertToIntegers(_floats.Path);
        }

        _file!.Complete();
    }

    public void Dispose()
    {
        _file?.Dispose();
        if (_floats is not null)
        {
            _floats.Dispose();
            File.Delete(_floats.Path);
        }
    }

    private (PartialHdf5File File, H5Dataset Volume) Create(VolumeType type, (double Scale, double Offset)? scale)
    {
        H5DatasetCreation creation = new(new EvictingChunkCache(2), []);
        ulong[] dims = [(ulong)_slices, (ulong)_size, (ulong)_size];
        uint[] chunks = [1, (uint)_size, (uint)_size];
        H5Dataset volume = type switch
        {
            VolumeType.Float16 => new H5Dataset<Half[]>(fileDims: dims, chunks: chunks, datasetCreation: creation),
            VolumeType.UInt16 => new H5Dataset<ushort[]>(fileDims: dims, chunks: chunks, datasetCreation: creation),
            _ => new H5Dataset<float[]>(fileDims: dims, chunks: chunks, datasetCreation: creation),
        };
        Describe(volume.Attributes, _metadata);
        if (scale is { } s)
        {
            volume.Attributes["scale_factor"] = s.Scale;
            volume.Attributes["add_offset"] = s.Offset;
        }

        var file = new H5File
        {
            ["implements"] = "exchange",
            ["exchange"] = new H5Group { ["recon"] = volume },
        };
        return (new PartialHdf5File(file, Path), volume);
    }

    /// <summary>The floats, slice by slice, as integers 0–65535 over their range (non-finite values as 0).</summary>
    private void ConvertToIntegers(string floats)
    {
        double offset = float.IsFinite(_min) ? _min : 0;
        double scale = _max > _min ? (_max - (double)_min) / ushort.MaxValue : 1;
        (_file, H5Dataset volume) = Create(VolumeType.UInt16, (scale, offset));
        using NativeFile source = H5File.OpenRead(floats);
        IH5Dataset recon = source.Dataset("/exchange/recon");
        int plane = _size * _size;
        for (int k = 0; k < _slices; k++)
        {
            float[] slice = recon.Read<float[]>(new HyperslabSelection(rank: 3, starts: [(ulong)k, 0, 0], blocks: [1, (ulong)_size, (ulong)_size]));
            var stored = new ushort[plane];
            for (int i = 0; i < plane; i++)
            {
                stored[i] = float.IsFinite(slice[i]) ? (ushort)Math.Clamp(Math.Round((slice[i] - offset) / scale), 0, ushort.MaxValue) : (ushort)0;
            }

            _file.Writer.Write((H5Dataset<ushort[]>)volume, stored, fileSelection: new HyperslabSelection(rank: 3, starts: [(ulong)k, 0, 0], blocks: [1, (ulong)_size, (ulong)_size]));
        }
    }

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
