using PureHDF;
using PureHDF.Filters;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage;

/// <summary>
/// The HDF5 layout of a scan file (Data Exchange, as TomoPy and h5py users read it), declared up front because PureHDF
/// fixes every size at creation: frame stacks by kind, per-kind axis arrays, the per-frame log, provenance as attributes,
/// and the end-of-scan facts (status, end time, counts) as datasets written when the scan ends.
/// </summary>
internal sealed class ScanFileLayout
{
    private const int ChunksHeldPerStack = 2;

    private readonly Dictionary<FrameKind, H5Dataset<ushort[]>> _stacks = [];
    private readonly Dictionary<FrameKind, KindArrays> _kindArrays = [];
    private readonly LogDatasets _log;
    private readonly StatusDatasets _status;
    private readonly CalibrationDatasets? _calibration;
    private readonly ScanStarted _started;

    private ScanFileLayout(ScanStarted started, FrameCounts counts, FrameCompression compression, int logEntries, int pauses)
    {
        _started = started;
        _status = new StatusDatasets(pauses);
        CompiledScan scan = started.Scan;
        var exchange = new H5Group();
        AddKind(exchange, FrameKind.Projection, string.Empty, counts.Projections, scan, compression);
        AddKind(exchange, FrameKind.Flat, "_white", counts.Flats, scan, compression);
        AddKind(exchange, FrameKind.Dark, "_dark", counts.Darks, scan, compression);
        _log = new LogDatasets(logEntries);
        int calibrationPoints = scan.Steps.OfType<CalibrationExposureStep>().Count(s => !s.Dark);
        _calibration = calibrationPoints == 0 ? null : new CalibrationDatasets(calibrationPoints);
        H5Group measurement = ScanFileProvenance.Measurement(started, _log.Group());
        if (_calibration is not null)
        {
            measurement["energy_calibration"] = _calibration.Group();
        }

        File = new H5File
        {
            ["implements"] = "exchange:measurement:process",
            ["exchange"] = exchange,
            ["measurement"] = measurement,
            ["process"] = ScanFileProvenance.Process(started, _status.Group()),
        };
    }

    public H5File File { get; }

    /// <summary>A layout for these frame counts; the log holds <paramref name="logEntries"/> entries (replaced frames included), the status that many pauses.</summary>
    public static ScanFileLayout Create(ScanStarted started, FrameCounts counts, FrameCompression compression, int logEntries, int pauses) =>
        new(started, counts, compression, logEntries, pauses);

    public void WriteFrame(H5NativeWriter writer, FrameKind kind, int index, ushort[] pixels)
    {
        int rows = _started.Scan.FrameRows;
        int columns = _started.Scan.FrameColumns;
        var selection = new HyperslabSelection(rank: 3, starts: [(ulong)index, 0, 0], blocks: [1, (ulong)rows, (ulong)columns]);
        writer.Write(_stacks[kind], pixels, fileSelection: selection);
    }

    /// <summary>Writes what is known only at the end: per-kind arrays, the per-frame log and the scan's outcome.</summary>
    public void WriteSummary(H5NativeWriter writer, FrameLog log, ScanEnded ended)
    {
        foreach ((FrameKind kind, KindArrays arrays) in _kindArrays)
        {
            arrays.Write(writer, [.. log.OfKind(kind)]);
        }

        _log.Write(writer, log);
        _status.Write(writer, ended, log.Count);
        _calibration?.Write(writer, ended);
    }

    private void AddKind(H5Group exchange, FrameKind kind, string suffix, int count, CompiledScan scan, FrameCompression compression)
    {
        if (count == 0)
        {
            return;
        }

        List<H5Filter> filters = compression == FrameCompression.Deflate ? [ShuffleFilter.Id, DeflateFilter.Id] : [];
        var stack = new H5Dataset<ushort[]>(
            fileDims: [(ulong)count, (ulong)scan.FrameRows, (ulong)scan.FrameColumns],
            chunks: [1, (uint)scan.FrameRows, (uint)scan.FrameColumns],
            datasetCreation: new H5DatasetCreation(new EvictingChunkCache(ChunksHeldPerStack), filters));
        _stacks[kind] = stack;
        exchange["data" + suffix] = stack;
        var arrays = new KindArrays(kind, count, scan.EnergiesEv.Count > 0, scan.DistancesMm.Count > 0, scan.TilePositionsMm.Count > 0);
        arrays.AddTo(exchange, suffix);
        _kindArrays[kind] = arrays;
    }

    /// <summary>The per-frame axis values of one kind under <c>/exchange</c>: theta (projections), energy, distance and tile indices.</summary>
    private sealed class KindArrays(FrameKind kind, int count, bool energies, bool distances, bool tiles)
    {
        private readonly H5Dataset<double[]>? _theta = kind == FrameKind.Projection ? new(fileDims: [(ulong)count]) : null;
        private readonly H5Dataset<double[]>? _energy = energies ? new(fileDims: [(ulong)count]) : null;
        private readonly H5Dataset<int[]>? _distance = distances ? new(fileDims: [(ulong)count]) : null;
        private readonly H5Dataset<int[]>? _tile = tiles ? new(fileDims: [(ulong)count]) : null;

        public void AddTo(H5Group exchange, string suffix)
        {
            if (_theta is not null)
            {
                _theta.Attributes["units"] = "degrees";
                exchange["theta"] = _theta;
            }

            if (_energy is not null)
            {
                _energy.Attributes["units"] = "eV";
                exchange["energy" + suffix] = _energy;
            }

            if (_distance is not null)
            {
                exchange["distance_index" + suffix] = _distance;
            }

            if (_tile is not null)
            {
                exchange["tile_index" + suffix] = _tile;
            }
        }

        public void Write(H5NativeWriter writer, FrameInfo[] frames)
        {
            WriteIf(writer, _theta, [.. frames.Select(f => f.AngleDeg)]);
            WriteIf(writer, _energy, [.. frames.Select(f => f.EnergyEv)]);
            WriteIf(writer, _distance, [.. frames.Select(f => f.DistanceIndex)]);
            WriteIf(writer, _tile, [.. frames.Select(f => f.TileIndex)]);
        }

        private static void WriteIf<T>(H5NativeWriter writer, H5Dataset<T[]>? dataset, T[] values)
        {
            if (dataset is not null)
            {
                writer.Write(dataset, values);
            }
        }
    }
}
