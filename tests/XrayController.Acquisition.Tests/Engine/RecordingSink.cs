using XrayController.Core.Scans;

namespace XrayController.Acquisition.Tests.Engine;

/// <summary>Keeps every document it is given; optionally cancels the scan after a number of frames, or calls back with the count after each.</summary>
internal sealed class RecordingSink(CancellationTokenSource? cancelAfter = null, int frames = int.MaxValue, Func<int, bool>? onFrame = null) : IScanSink
{
    public ScanStarted? Started { get; private set; }

    public List<FrameAcquired> Frames { get; } = [];

    public ScanEnded? Ended { get; private set; }

    public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken)
    {
        Started = started;
        return ValueTask.CompletedTask;
    }

    public ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken)
    {
        Frames.Add(frame);
        if (Frames.Count == frames)
        {
            cancelAfter?.Cancel();
        }

        Assert.True(onFrame?.Invoke(Frames.Count) ?? true);

        return ValueTask.CompletedTask;
    }

    public ValueTask OnEndedAsync(ScanEnded ended, CancellationToken cancellationToken)
    {
        Ended = ended;
        return ValueTask.CompletedTask;
    }
}
