using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace XrayController.Storage;

/// <summary>
/// Writes a spectral reconstruction: <c>/exchange/recon</c> [energy, z, y, x] float32 (one chunk per slice) with
/// <c>/exchange/energy</c> (eV), one volume per energy as each is done, and the same provenance attributes as a single
/// volume plus the reference magnification every energy was rescaled to. Written as <c>NAME.partial</c> and renamed
/// by <see cref="Complete"/>; disposing without completing removes it.
/// </summary>
public sealed class SpectralReconstructionWriter : IDisposable
{
    private readonly H5Dataset<float[]> _volumes;
    private readonly H5Dataset<double[]> _registration;
    private readonly int _slices;
    private readonly int _size;
    private readonly PartialHdf5File _file;

    public SpectralReconstructionWriter(string path, IReadOnlyList<double> energiesEv, int slices, int size, ReconstructionMetadata metadata, double referenceMagnification)
    {
        ArgumentNullException.ThrowIfNull(energiesEv);
        ArgumentNullException.ThrowIfNull(metadata);
        Path = path;
        _slices = slices;
        _size = size;
        _volumes = new H5Dataset<float[]>(
            fileDims: [(ulong)energiesEv.Count, (ulong)slices, (ulong)size, (ulong)size],
            chunks: [1, 1, (uint)size, (uint)size],
            datasetCreation: new H5DatasetCreation(new EvictingChunkCache(2), []));
        ReconstructionFileWriter.Describe(_volumes.Attributes, metadata);
        _volumes.Attributes["reference_magnification"] = referenceMagnification;
        _volumes.Attributes["axes"] = "energy:z:y:x";
        var energy = new H5Dataset(energiesEv.ToArray(), fileDims: [(ulong)energiesEv.Count]);
        energy.Attributes["units"] = "eV";
        _registration = new H5Dataset<double[]>(fileDims: [(ulong)energiesEv.Count, 2]);
        _registration.Attributes["description"] = "(rows, columns) each energy's images lay from the reference energy's after magnification rescaling, removed before reconstruction; NaN: not registered";
        var file = new H5File
        {
            ["implements"] = "exchange",
            ["exchange"] = new H5Group { ["recon"] = _volumes, ["energy"] = energy, ["registration_shift_px"] = _registration },
        };
        _file = new PartialHdf5File(file, path);
    }

    public string Path { get; }

    /// <summary>Writes the volume [z][y][x] of energy number <paramref name="energyIndex"/>.</summary>
    public void WriteVolume(int energyIndex, float[] volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (volume.Length != _slices * _size * _size)
        {
            throw new ArgumentException($"a volume has {_slices} × {_size} × {_size} voxels, got {volume.Length}", nameof(volume));
        }

        var selection = new HyperslabSelection(rank: 4, starts: [(ulong)energyIndex, 0, 0, 0], blocks: [1, (ulong)_slices, (ulong)_size, (ulong)_size]);
        _file.Writer.Write(_volumes, volume, fileSelection: selection);
    }

    /// <summary>Writes slices <paramref name="firstSlice"/> … of energy number <paramref name="energyIndex"/>, [z][y][x].</summary>
    public void WriteSlices(int energyIndex, int firstSlice, float[] slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        int plane = _size * _size;
        if (slices.Length % plane != 0 || firstSlice < 0 || firstSlice + (slices.Length / plane) > _slices)
        {
            throw new ArgumentException($"slices {firstSlice}… of {_size} × {_size} do not fit a volume of {_slices} slices (got {slices.Length} values)", nameof(slices));
        }

        var selection = new HyperslabSelection(rank: 4, starts: [(ulong)energyIndex, (ulong)firstSlice, 0, 0], blocks: [1, (ulong)(slices.Length / plane), (ulong)_size, (ulong)_size]);
        _file.Writer.Write(_volumes, slices, fileSelection: selection);
    }

    /// <summary>Writes the registration shift of every energy (rows, columns).</summary>
    public void WriteRegistration(IReadOnlyList<(double Rows, double Columns)> shifts)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        _file.Writer.Write(_registration, shifts.SelectMany(s => new[] { s.Rows, s.Columns }).ToArray());
    }

    public void Complete() => _file.Complete();

    public void Dispose() => _file.Dispose();
}
