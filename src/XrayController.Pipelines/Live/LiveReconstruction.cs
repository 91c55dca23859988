using System.Diagnostics;
using Microsoft.Extensions.Logging;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Techniques;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Incremental;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Live;

/// <summary>
/// Reconstructs a frame stream while it runs: a subscriber fills the ring buffer, this loop hands each frame to the
/// live preview of the series' technique and publishes the view at least twice a second. At the end of the series the
/// technique completes it (a parallel-beam volume written as accumulated, completed from the scan file, or made
/// offline; the other techniques' previews end with the series).
/// </summary>
public sealed partial class LiveReconstruction(TechniqueList techniques, ILogger<LiveReconstruction> logger) : ILivePreviewListener
{
    private static readonly TimeSpan PreviewInterval = TimeSpan.FromMilliseconds(400);

    /// <summary>How long an idle wait for frames lasts before the end message and the idle timeout are looked at again.</summary>
    private static readonly TimeSpan IdleCheck = TimeSpan.FromMilliseconds(100);

    private PreviewMove? _moveTo;
    private long _lastFrameSeq = -1;
    private ILivePreview? _preview;

    /// <summary>Raised on the reconstruction thread with the latest slices and counts, at least every 0.4 s while frames come.</summary>
    public event Action<PreviewSlices, StreamCounters>? PreviewUpdated;

    /// <summary>The same for a series at several energies: the energies' slices, the running spectrum and the edge map.</summary>
    public event Action<SpectralPreview, StreamCounters>? SpectralPreviewUpdated;

    /// <summary>The sequence number of the last frame fed to the reconstruction (−1 before the first); read it in a preview handler.</summary>
    public long LastFrameSeq => Interlocked.Read(ref _lastFrameSeq);

    /// <summary>Whether <see cref="MovePreview"/> moves anything: a preview that can move its slices, once its series has started.</summary>
    public bool CanMovePreview => Volatile.Read(ref _preview)?.CanMove ?? false;

    /// <summary>Moves the three preview slices (from any thread; applied before the next frame).</summary>
    public void MovePreview(int z, int y, int x) => Interlocked.Exchange(ref _moveTo, new PreviewMove(z, y, x));

    /// <summary>Connects to the stream; the returned task completes when the series has ended and the volume is written.</summary>
    public async Task<LiveResult> RunAsync(LiveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ring = new FrameRingBuffer(request.RingCapacity);
        await using FrameSubscriber subscriber = FrameSubscriber.Connect(request.Endpoint, ring, logger: logger);
        return await RunAsync(subscriber, ring, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs on an already connected subscriber (so that a caller can make sure it has subscribed before a scan starts).</summary>
    public async Task<LiveResult> RunAsync(FrameSubscriber subscriber, FrameRingBuffer ring, LiveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(request);
        StreamStart start = await WaitForStartAsync(subscriber, request.IdleTimeout, cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        var clock = Stopwatch.StartNew();
        var series = new LiveSeries(start, request, LiveAxis.From(start, request, notes), notes);
        ITechnique? technique = techniques.ForStream(start);
        if (technique is null)
        {
            notes.Add($"live reconstruction handles parallel-beam tomograms (one or one per energy), holotomography and lab cone-beam series; this {start.Technique} series is received and counted but not reconstructed");
        }

        ILivePreview? preview = technique?.StartLive(series);
        Volatile.Write(ref _preview, preview);
        var processed = new HashSet<long>();
        await ConsumeAsync(subscriber, ring, preview, processed, request.IdleTimeout, notes, cancellationToken).ConfigureAwait(false);
        double liveSeconds = clock.Elapsed.TotalSeconds;
        StreamCounters counters = subscriber.Counters(processed.Count);
        int frameCount = subscriber.Ended.IsCompletedSuccessfully ? (int)subscriber.Ended.Result.FrameCount : start.FrameCount;
        LiveCompletion completion = preview is null
            ? new LiveCompletion(null, "not reconstructed", 0)
            : await Task.Run(() => preview.Complete(new LiveEnd(processed, frameCount, this, counters), cancellationToken), cancellationToken).ConfigureAwait(false);
        LiveSection[] sections =
        [
            .. techniques.All.Where(t => t.LiveSummaryKey is not null).Select(t => new LiveSection(t.LiveSummaryKey!, t == technique ? completion.Details : null)),
        ];
        return new LiveResult(completion.OutputPath, completion.Outcome, counters, preview?.ProjectionsReconstructed ?? 0, series.Axis.CenterPx, liveSeconds, completion.Seconds, notes, sections);
    }

    void ILivePreviewListener.ShowSlices(PreviewSlices slices, StreamCounters counters) => PreviewUpdated?.Invoke(slices, counters);

    void ILivePreviewListener.ShowSpectral(SpectralPreview preview, StreamCounters counters) => SpectralPreviewUpdated?.Invoke(preview, counters);

    private static async Task<StreamStart> WaitForStartAsync(FrameSubscriber subscriber, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await subscriber.Started.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new InputException($"no series started on the frame stream within {timeout.TotalSeconds:0} s", e);
        }
    }

    private async Task ConsumeAsync(FrameSubscriber subscriber, FrameRingBuffer ring, ILivePreview? preview, HashSet<long> processed, TimeSpan idleTimeout, List<string> notes, CancellationToken cancellationToken)
    {
        var sincePreview = Stopwatch.StartNew();
        var sinceFrame = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Interlocked.Exchange(ref _moveTo, null) is { } move && preview is { CanMove: true })
            {
                preview.Move(move.Z, move.Y, move.X);
                preview.Publish(this, subscriber.Counters(processed.Count));
            }

            if (ring.TryTake(out BufferedFrame? frame))
            {
                try
                {
                    preview?.Feed(frame!, frame!.Pixels[..(frame.Rows * frame.Columns)]);
                    processed.Add(frame!.Seq);
                    Interlocked.Exchange(ref _lastFrameSeq, frame!.Seq);
                }
                finally
                {
                    ring.Release(frame!);
                }

                sinceFrame.Restart();
            }
            else if (subscriber.Ended.IsCompleted)
            {
                return;
            }
            else if (sinceFrame.Elapsed > idleTimeout)
            {
                notes.Add($"the stream stopped for {idleTimeout.TotalSeconds:0} s before its end message; reconstructed what arrived");
                LogStalled(idleTimeout.TotalSeconds);
                return;
            }
            else
            {
                await ring.WaitForFrameAsync(IdleCheck, cancellationToken).ConfigureAwait(false);
            }

            if (sincePreview.Elapsed >= PreviewInterval)
            {
                preview?.Publish(this, subscriber.Counters(processed.Count));
                sincePreview.Restart();
            }
        }
    }

    private sealed record PreviewMove(int Z, int Y, int X);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The frame stream stopped for {Seconds} s before its end message")]
    private partial void LogStalled(double seconds);
}
