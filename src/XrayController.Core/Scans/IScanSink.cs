namespace XrayController.Core.Scans;

/// <summary>
/// Receives a scan's documents in order: one <see cref="ScanStarted"/>, every <see cref="FrameAcquired"/>, one
/// <see cref="ScanEnded"/>. The engine calls sinks in the order given, so the file writer, placed first, holds every
/// frame before anything else sees it.
/// </summary>
public interface IScanSink
{
    ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken);

    ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken);

    ValueTask OnEndedAsync(ScanEnded ended, CancellationToken cancellationToken);
}
