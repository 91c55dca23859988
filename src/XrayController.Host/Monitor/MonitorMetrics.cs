using System.Diagnostics.Metrics;
using XrayController.Streaming.Subscription;

namespace XrayController.Host.Monitor;

/// <summary>
/// The service's counters for Prometheus (<c>/metrics</c>, through OpenTelemetry): frames acquired, published on the
/// stream, received and reconstructed by the live reconstruction, dropped (transport gaps and ring-buffer drops), and
/// the ring buffer's fill. The engine's move and frame timings come from <see cref="Acquisition.Engine.EngineMetrics"/>.
/// </summary>
public sealed class MonitorMetrics
{
    public const string MeterName = "XrayController.Service";

    private readonly Counter<long> _acquired;
    private readonly Counter<long> _received;
    private readonly Counter<long> _reconstructed;
    private readonly Counter<long> _dropped;
    private readonly Lock _gate = new();
    private long _publishedBefore;
    private Func<(long Published, int Waiting, int Capacity)>? _current;

    public MonitorMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter meter = meters.Create(MeterName);
        _acquired = meter.CreateCounter<long>("xrayctl.frames.acquired", "{frame}", "Frames the engine acquired");
        _received = meter.CreateCounter<long>("xrayctl.frames.received", "{frame}", "Frames the live reconstruction received from the stream");
        _reconstructed = meter.CreateCounter<long>("xrayctl.frames.reconstructed", "{frame}", "Frames the live reconstruction used");
        _dropped = meter.CreateCounter<long>("xrayctl.frames.dropped", "{frame}", "Frames the live reconstruction missed: never received, or dropped from a full ring buffer");
        meter.CreateObservableCounter("xrayctl.frames.published", () => Published(), "{frame}", "Messages the frame publisher sent");
        meter.CreateObservableGauge("xrayctl.ring.fill", () => Fill(), "{frame}", "Frames waiting in the live reconstruction's ring buffer");
        meter.CreateObservableGauge("xrayctl.ring.capacity", () => Current().Capacity, "{frame}", "The ring buffer's size");
    }

    public void FrameAcquired() => _acquired.Add(1);

    /// <summary>Adds what the stream counters gained since the last preview of the same scan.</summary>
    public void Stream(StreamCounters? before, StreamCounters now)
    {
        ArgumentNullException.ThrowIfNull(now);
        _received.Add(now.Received - (before?.Received ?? 0));
        _reconstructed.Add(now.Processed - (before?.Processed ?? 0));
        _dropped.Add(now.TransportGaps + now.PreviewDrops - (before is null ? 0 : before.TransportGaps + before.PreviewDrops));
    }

    /// <summary>Points the published count and ring fill at the running scan (null: none); the last scan's messages stay counted.</summary>
    public void Follow(Func<(long Published, int Waiting, int Capacity)>? current)
    {
        lock (_gate)
        {
            _publishedBefore += _current?.Invoke().Published ?? 0;
            _current = current;
        }
    }

    private long Published()
    {
        lock (_gate)
        {
            return _publishedBefore + (_current?.Invoke().Published ?? 0);
        }
    }

    private int Fill() => Current().Waiting;

    private (long Published, int Waiting, int Capacity) Current()
    {
        lock (_gate)
        {
            return _current?.Invoke() ?? (0, 0, 0);
        }
    }
}
