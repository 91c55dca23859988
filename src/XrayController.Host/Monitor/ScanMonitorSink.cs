using XrayController.Core.Scans;

namespace XrayController.Host.Monitor;

/// <summary>
/// The monitor's place on the engine's frame path, the first sink: it stamps when each frame left the engine, counts
/// it, and keeps it to show; nothing heavier happens here. When the scan ends it stops the device readings.
/// </summary>
internal sealed class ScanMonitorSink(ScanProgress progress, FrameImages frames, MonitorMetrics metrics, Action onEnded) : IScanSink
{
    public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        progress.Started(started.Scan);
        frames.Start(started.Scan.FrameRows);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        double leftMs = ScanMonitor.UnixMs();
        metrics.FrameAcquired();
        progress.Frame(frame, leftMs);
        frames.Add(frame);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnEndedAsync(ScanEnded ended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ended);
        progress.Ended(ended);
        onEnded();
        return ValueTask.CompletedTask;
    }
}
