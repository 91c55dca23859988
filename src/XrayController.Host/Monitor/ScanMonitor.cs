using System.Text.Json.Nodes;
using XrayController.Acquisition.Engine;
using XrayController.Core.Devices;
using XrayController.Core.Scans;
using XrayController.Pipelines.Live;
using XrayController.Streaming;
using XrayController.Streaming.Subscription;

namespace XrayController.Host.Monitor;

/// <summary>
/// What the monitor shows of one scan, put together from its parts: the scan's progress (<see cref="ScanProgress"/>),
/// fed by its place among the engine's sinks (<see cref="Sink"/>); the latest frame and sinogram
/// (<see cref="FrameImages"/>); the reconstruction's slices and spectrum (<see cref="PreviewSubscription"/>); the
/// devices' read-backs (<see cref="DevicePoller"/>); and the stream's counts. Any number of page connections read it
/// through <see cref="Describe"/>; every image carries a version, so a connection sends only images it has not sent.
/// </summary>
public sealed class ScanMonitor
{
    private readonly ScanProgress _progress = new();
    private readonly FrameImages _frames = new();
    private readonly PreviewSubscription _previews;
    private readonly MonitorMetrics _metrics;
    private readonly Lock _gate = new();
    private FramePublisher? _publisher;
    private FrameRingBuffer? _ring;
    private DevicePoller? _devices;

    public ScanMonitor(string id, string name, MonitorMetrics metrics)
    {
        Id = id;
        Name = name;
        _metrics = metrics;
        _previews = new PreviewSubscription(_progress, metrics);
        Sink = new ScanMonitorSink(_progress, _frames, metrics, StopDevices);
    }

    public string Id { get; }

    public string Name { get; }

    /// <summary>The monitor's sink, first among the engine's: it stamps when each frame left the engine and keeps a copy to show.</summary>
    public IScanSink Sink { get; }

    /// <summary>How many times each image has changed.</summary>
    public MonitorVersions Versions
    {
        get
        {
            (int projection, int sinogram) = _frames.Versions;
            (int slices, int spectrum) = _previews.Versions;
            return new MonitorVersions(projection, sinogram, slices, spectrum);
        }
    }

    /// <summary>The plan's timeline (for the time remaining) and the simulation's speed.</summary>
    public void Prepare(double[] timeline, double estimateS, double speed) => _progress.Prepare(timeline, estimateS, speed);

    /// <summary>The stream, ring buffer and live reconstruction of the scan, when it has them.</summary>
    public void Attach(FramePublisher? publisher, FrameRingBuffer? ring, LiveReconstruction? live)
    {
        lock (_gate)
        {
            (_publisher, _ring) = (publisher, ring);
        }

        _metrics.Follow(() => (publisher?.MessagesSent ?? 0, ring?.Waiting ?? 0, ring?.Capacity ?? 0));
        if (live is not null)
        {
            _previews.Follow(live);
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

    public void Track(ScanState state, string? hold) => _progress.Track(state, hold);

    /// <summary>The work after the scan has reached <paramref name="stage"/>.</summary>
    public void Stage(string stage) => _progress.Stage(stage);

    /// <summary>The frames done so far and the plan's.</summary>
    public (int Done, int Planned) Frames => _progress.Frames;

    /// <summary>The scan could not run or was cut off before the engine said how it ended.</summary>
    public void Fail(string reason) => _progress.Fail(reason);

    /// <summary>The scan's run is over, files and reconstructions written: stop reading the devices, and stop following its stream in the metrics.</summary>
    public void Close()
    {
        StopDevices();
        _metrics.Follow(null);
        _progress.Close();
    }

    /// <summary>After the scan: the live reconstruction's final counts, and the slices of the reconstruction file when there is one.</summary>
    public void Finish(LiveResult? live, string? reconFile) => _previews.Finish(live, reconFile);

    public Refusal? MoveSlices(int z, int y, int x) => _previews.MoveSlices(z, y, x);

    public Refusal? ChooseSinogramRow(int row) => _frames.ChooseSinogramRow(row);

    public Refusal? ChooseRegion(int x0, int y0, int x1, int y1) => _previews.ChooseRegion(x0, y0, x1, y1);

    /// <summary>The scan as the page shows it; images only where their version is newer than <paramref name="seen"/>.</summary>
    public (JsonObject Update, MonitorVersions Versions) Describe(MonitorVersions seen)
    {
        MonitorVersions now = Versions;
        StreamView stream;
        DevicePoller? devices;
        lock (_gate)
        {
            stream = new StreamView(_previews.Counters, _publisher?.MessagesSent ?? 0, _ring is null ? null : (_ring.Waiting, _ring.Capacity));
            devices = _devices;
        }

        MonitorView view = _progress.View(Id, Name, stream, devices?.Snapshot());
        return (MonitorJson.Describe(view, seen, now, _frames, _previews), now);
    }

    internal static double UnixMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private void StopDevices()
    {
        DevicePoller? devices;
        lock (_gate)
        {
            devices = _devices;
        }

        devices?.Stop();
    }
}
