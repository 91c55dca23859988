using System.Diagnostics;
using XrayController.Acquisition.Engine;
using XrayController.Core.Devices;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Pipelines.Live;
using XrayController.Reconstruction.Incremental;
using XrayController.Streaming.Subscription;
using XrayController.Streaming;

namespace XrayController.Host.Monitor;

/// <summary>
/// What the monitor shows of one scan: a sink that sees every frame as it leaves the engine (progress, rate, the latest
/// image, the sinogram of the chosen row, the frame's device read-backs), fed too by the live reconstruction's previews
/// and the device poller; at the end, slices of the reconstruction file. Written by the scan's threads, read by any
/// number of page connections through <see cref="Describe"/>; every part that is an image carries a version, so a
/// connection sends only images it has not sent.
/// </summary>
public sealed class ScanMonitor(string id, string name, MonitorMetrics metrics) : IScanSink
{
    private readonly Lock _gate = new();
    private readonly HashSet<long> _done = [];
    private readonly Dictionary<long, double> _leftMs = [];
    private double[] _timeline = [];
    private double _estimateS;
    private double _speed = 1;
    private long _startTimestamp;
    private double? _endedS;
    private ScanEnded? _ended;
    private CompiledScan? _scan;
    private FrameAcquired? _lastFrame;
    private string _state = "starting";
    private string? _hold;
    private (MonitorImage Image, int Version)? _projection;
    private SinogramBuffer? _sinogram;
    private PreviewSlices? _slices;
    private SpectralPreview? _spectral;
    private (int X0, int Y0, int X1, int Y1)? _region;
    private double _slicesLeftMs = double.NaN;
    private string _slicesSource = "live";
    private StreamCounters? _counters;
    private LiveReconstruction? _live;
    private FramePublisher? _publisher;
    private FrameRingBuffer? _ring;
    private DevicePoller? _devices;
    private string? _finalFile;
    private string? _failure;
    private bool _closed;

    public string Id => id;

    /// <summary>Bumped whenever the projection, the sinogram, the slices or the spectrum change.</summary>
    public MonitorVersions Versions { get; private set; } = new(0, 0, 0, 0);

    /// <summary>The plan's timeline (for the time remaining) and the simulation's speed.</summary>
    public void Prepare(double[] timeline, double estimateS, double speed)
    {
        lock (_gate)
        {
            (_timeline, _estimateS, _speed) = (timeline, estimateS, speed);
        }
    }

    /// <summary>The stream, ring buffer and live reconstruction of the scan, when it has them.</summary>
    public void Attach(FramePublisher? publisher, FrameRingBuffer? ring, LiveReconstruction? live)
    {
        lock (_gate)
        {
            (_publisher, _ring, _live) = (publisher, ring, live);
        }

        metrics.Follow(() => (publisher?.MessagesSent ?? 0, ring?.Waiting ?? 0, ring?.Capacity ?? 0));

        if (live is not null)
        {
            live.PreviewUpdated += OnPreview;
            live.SpectralPreviewUpdated += OnSpectralPreview;
        }
    }

    /// <summary>Starts reading the connected devices' positions and states about once a second until the scan ends.</summary>
    public void Watch(Instrument instrument)
    {
        var poller = new DevicePoller(instrument);
        lock (_gate)
        {
            _devices = poller;
        }

        poller.Start();
    }

    public void Track(ScanState state, string? hold)
    {
        lock (_gate)
        {
            _state = state.ToString().ToLowerInvariant();
            _hold = state == ScanState.Paused ? hold : null;
        }
    }

    public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        lock (_gate)
        {
            _scan = started.Scan;
            _startTimestamp = Stopwatch.GetTimestamp();
            _state = "running";
            _sinogram = new SinogramBuffer(started.Scan.FrameRows / 2);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        double leftMs = UnixMs();
        metrics.FrameAcquired();
        lock (_gate)
        {
            _done.Add(frame.Frame.Seq);
            _leftMs[frame.Frame.Seq] = leftMs;
            _lastFrame = frame;
            Versions = Versions with { Projection = Versions.Projection + 1 };
            if (frame.Frame.Kind == FrameKind.Projection && _sinogram is not null && _sinogram.Row < frame.Image.Rows)
            {
                _sinogram.Add(frame.Image.Pixels.Span, frame.Image.Columns, frame.Frame.AngleDeg);
                Versions = Versions with { Sinogram = Versions.Sinogram + 1 };
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnEndedAsync(ScanEnded ended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ended);
        DevicePoller? devices;
        lock (_gate)
        {
            _ended = ended;
            _endedS = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
            _state = ended.Status.ToString().ToLowerInvariant();
            devices = _devices;
        }

        devices?.Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>The scan could not run or was cut off before the engine said how it ended.</summary>
    public void Fail(string reason)
    {
        lock (_gate)
        {
            if (_ended is null)
            {
                _state = "failed";
                _failure = reason;
                _endedS = _startTimestamp == 0 ? 0 : Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
            }
        }
    }

    /// <summary>The scan's run is over, files and reconstructions written: stop reading the devices, and stop following its stream in the metrics.</summary>
    public void Close()
    {
        _devices?.Stop();
        metrics.Follow(null);
        lock (_gate)
        {
            _closed = true;
        }
    }

    /// <summary>
    /// After the scan: the live reconstruction's final counts (its last preview came before the last frames), and slices
    /// of the reconstruction file (a volume /exchange/recon), through the middles.
    /// </summary>
    public void Finish(LiveResult? live, string? reconFile)
    {
        if (live is not null)
        {
            lock (_gate)
            {
                metrics.Stream(_counters, live.Counters);
                _counters = live.Counters;
            }
        }

        if (reconFile is null || !File.Exists(reconFile) || ReconSlices.Read(reconFile, null) is not { } slices)
        {
            return;
        }

        lock (_gate)
        {
            (_finalFile, _slices, _slicesSource, _slicesLeftMs) = (reconFile, slices, "file", double.NaN);
            Versions = Versions with { Slices = Versions.Slices + 1 };
        }
    }

    /// <summary>Moves the slices to (z, y, x): through the live reconstruction while it runs, from the file after it.</summary>
    public Refusal? MoveSlices(int z, int y, int x)
    {
        PreviewSlices? shown;
        LiveReconstruction? live;
        string? file;
        lock (_gate)
        {
            (shown, live, file) = (_slices, _live, _finalFile);
        }

        if (shown is null)
        {
            return new Refusal(false, "no slices yet: the reconstruction has not started");
        }

        if (z < 0 || z >= shown.Rows || y < 0 || y >= shown.Size || x < 0 || x >= shown.Size)
        {
            return new Refusal(true, $"({z}, {y}, {x}) lies outside the volume ({shown.Rows} slices of {shown.Size} x {shown.Size})");
        }

        if (file is not null)
        {
            PreviewSlices moved = ReconSlices.Read(file, (z, y, x))!;
            lock (_gate)
            {
                _slices = moved;
                Versions = Versions with { Slices = Versions.Slices + 1 };
            }

            return null;
        }

        if (live is not { CanMovePreview: true })
        {
            return new Refusal(false, live is null ? "this scan has no live reconstruction" : "this series' live previews stay where they are (cone-beam and holotomography previews); the file's slices can be moved after the scan");
        }

        live.MovePreview(z, y, x);
        return null;
    }

    /// <summary>Chooses the detector row whose sinogram is shown; it fills again from the next projection.</summary>
    public Refusal? ChooseSinogramRow(int row)
    {
        lock (_gate)
        {
            if (_scan is null || row < 0 || row >= _scan.FrameRows)
            {
                return _scan is null ? new Refusal(false, "the scan has not started") : new Refusal(true, $"row {row} is not a detector row (0 to {_scan.FrameRows - 1})");
            }

            _sinogram = new SinogramBuffer(row);
            Versions = Versions with { Sinogram = Versions.Sinogram + 1 };
            return null;
        }
    }

    /// <summary>Chooses the slice rectangle whose running spectrum is shown (a spectral scan).</summary>
    public Refusal? ChooseRegion(int x0, int y0, int x1, int y1)
    {
        lock (_gate)
        {
            if (_spectral is null)
            {
                return new Refusal(false, "no spectral preview: the running spectrum is for scans at several energies");
            }

            if (x0 < 0 || y0 < 0 || x1 > _spectral.Size || y1 > _spectral.Size || x1 <= x0 || y1 <= y0)
            {
                return new Refusal(true, $"the region [{x0}, {x1}) x [{y0}, {y1}) is not inside the {_spectral.Size} x {_spectral.Size} slice");
            }

            _region = (x0, y0, x1, y1);
            Versions = Versions with { Spectrum = Versions.Spectrum + 1 };
            return null;
        }
    }

    /// <summary>The scan as the page shows it; images only where their version is newer than <paramref name="seen"/>.</summary>
    public (System.Text.Json.Nodes.JsonObject Update, MonitorVersions Versions) Describe(MonitorVersions seen)
    {
        lock (_gate)
        {
            var view = new MonitorView(
                id, name, _scan, _state, _hold, _ended?.Reason ?? _failure, !_closed && (_ended is not null || _failure is not null), _done.Count, Elapsed(), Remaining(), _lastFrame, _counters, _publisher?.MessagesSent ?? 0,
                _ring is null ? null : (_ring.Waiting, _ring.Capacity), _devices?.Snapshot());
            return (MonitorJson.Describe(view, seen, Versions, this), Versions);
        }
    }

    /// <summary>
    /// The latest frame as an image, binned when first asked for after it came (at most once per update interval, not
    /// once per frame on the engine's path; a detector frame's pixels are its own array, never reused).
    /// </summary>
    internal (MonitorImage Image, string Kind, long Seq)? Projection
    {
        get
        {
            if (_lastFrame is not { } frame)
            {
                return null;
            }

            if (_projection?.Version != Versions.Projection)
            {
                _projection = (MonitorImage.Binned(frame.Image.Pixels.Span, frame.Image.Rows, frame.Image.Columns), Versions.Projection);
            }

            return (_projection.Value.Image, frame.Frame.Kind.ToString().ToLowerInvariant(), frame.Frame.Seq);
        }
    }

    internal (MonitorImage Image, int Row, IReadOnlyList<double> AnglesDeg)? Sinogram =>
        _sinogram is not { Count: > 0 } sinogram ? null : (sinogram.Image(), sinogram.Row, sinogram.AnglesDeg);

    internal (PreviewSlices Slices, string Source, double FrameLeftMs)? Slices => _slices is null ? null : (_slices, _slicesSource, _slicesLeftMs);


    internal double SlicesLeftMs => _slicesLeftMs;

    internal (SpectralPreview Preview, double[] Spectrum, (int X0, int Y0, int X1, int Y1)? Region)? Spectral =>
        _spectral is null ? null : (_spectral, _region is { } r ? MeanOver(_spectral, r) : [.. _spectral.Spectrum], _region);

    private void OnPreview(PreviewSlices slices, StreamCounters counters)
    {
        double leftMs = LeftMs(_live!.LastFrameSeq);
        lock (_gate)
        {
            if (_finalFile is not null)
            {
                return;
            }

            metrics.Stream(_counters, counters);
            (_slices, _counters, _slicesLeftMs) = (slices, counters, leftMs);
            Versions = Versions with { Slices = Versions.Slices + 1 };
        }
    }

    private void OnSpectralPreview(SpectralPreview preview, StreamCounters counters)
    {
        double leftMs = LeftMs(_live!.LastFrameSeq);
        lock (_gate)
        {
            metrics.Stream(_counters, counters);
            (_spectral, _counters, _slicesLeftMs) = (preview, counters, leftMs);
            Versions = Versions with { Slices = Versions.Slices + 1, Spectrum = Versions.Spectrum + 1 };
        }
    }

    private double LeftMs(long seq)
    {
        lock (_gate)
        {
            return _leftMs.TryGetValue(seq, out double ms) ? ms : double.NaN;
        }
    }

    private static double[] MeanOver(SpectralPreview preview, (int X0, int Y0, int X1, int Y1) region)
    {
        double[] spectrum = new double[preview.Slices.Count];
        for (int e = 0; e < spectrum.Length; e++)
        {
            double sum = 0;
            for (int y = region.Y0; y < region.Y1; y++)
            {
                for (int x = region.X0; x < region.X1; x++)
                {
                    sum += preview.Slices[e][(y * preview.Size) + x];
                }
            }

            spectrum[e] = sum / ((region.X1 - region.X0) * (region.Y1 - region.Y0));
        }

        return spectrum;
    }

    private double Elapsed() => _startTimestamp == 0 ? 0 : _endedS ?? Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;

    private double Remaining()
    {
        if (_ended is not null || _timeline.Length == 0)
        {
            return 0;
        }

        long seq = _lastFrame?.Frame.Seq ?? 0;
        return Math.Max(0, _estimateS - _timeline[Math.Min(seq, _timeline.Length - 1)]) / _speed;
    }

    internal static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
}
