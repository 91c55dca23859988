using System.Diagnostics;
using Microsoft.Extensions.Logging;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Techniques.Holotomography;
using XrayController.Pipelines.Techniques.ParallelBeam;
using XrayController.Pipelines.Techniques.Spectral;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Cone;
using XrayController.Reconstruction.Live;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Streaming.Live;

namespace XrayController.Pipelines.Live;

/// <summary>
/// Reconstructs a frame stream while it runs: a subscriber fills the ring buffer, this loop feeds the incremental
/// reconstructor and publishes the preview slices at least twice a second. At the end of the series the volume is
/// completed (<see cref="LiveFinaliser"/>): written as accumulated, completed by reading back missed projections from the
/// scan file, or made by the offline reconstruction of the file when whole-scan stages were asked for.
/// </summary>
public sealed partial class LiveReconstruction(string softwareVersion, ILogger<LiveReconstruction> logger)
{
    private static readonly TimeSpan PreviewInterval = TimeSpan.FromMilliseconds(400);

    /// <summary>How long an idle wait for frames lasts before the end message and the idle timeout are looked at again.</summary>
    private static readonly TimeSpan IdleCheck = TimeSpan.FromMilliseconds(100);

    /// <summary>Raised on the reconstruction thread with the latest previews and counts, at least every 0.4 s while frames come.</summary>
    public event Action<PreviewSlices, StreamCounters>? PreviewUpdated;

    /// <summary>The same for a series at several energies: the energies' slices, the running spectrum and the edge map.</summary>
    public event Action<SpectralPreview, StreamCounters>? SpectralPreviewUpdated;

    private PreviewMove? _moveTo;
    private long _lastFrameSeq = -1;

    /// <summary>The sequence number of the last frame fed to the reconstruction (−1 before the first); read it in a preview handler.</summary>
    public long LastFrameSeq => Interlocked.Read(ref _lastFrameSeq);

    /// <summary>
    /// Moves the three preview slices of a single tomogram (from any thread; applied before the next frame). With the whole
    /// volume kept they are cut from it at once, otherwise they fill again from the next projection.
    /// </summary>
    public void MovePreview(int z, int y, int x) => Interlocked.Exchange(ref _moveTo, new PreviewMove(z, y, x));

    /// <summary>Whether <see cref="MovePreview"/> moves anything: a single parallel-beam tomogram's previews, once its series has started.</summary>
    public bool CanMovePreview { get; private set; }

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
        LiveSetup setup = LiveSetup.From(start, request, notes);
        var settings = new CorrectionSettings(FlatMode.Preceding, request.ZingerRemoval);
        SpectralLivePreview? spectral = setup is { Spectral: true, Geometry: { } g }
            ? new SpectralLivePreview(g, settings, request.PreviewAt?.Z ?? (g.Rows / 2), request.SpectrumRegion, start.PixelSizeUm)
            : null;
        HolotomoLivePreview? holotomo = setup is { Holographic: true, Geometry: { } h }
            ? new HolotomoLivePreview(start, h, settings, request.PreviewAt, request.DeltaBeta, request.MemoryBudgetBytes, notes)
            : null;
        ConeLiveStage? cone = setup is { Cone: true, Geometry: { } c } ? ConeStage(start, c) : null;
        IncrementalReconstructor? reconstructor = setup.Geometry is null || spectral is not null || holotomo is not null ? null
            : new IncrementalReconstructor(cone is null ? setup.Geometry : setup.Geometry with { FullVolume = false }, settings, request.PreviewAt) { Stage = cone };
        var processed = new HashSet<long>();
        CanMovePreview = reconstructor is not null && cone is null;
        await ConsumeAsync(subscriber, ring, new Consumer(reconstructor, spectral, holotomo, cone, this), processed, request.IdleTimeout, notes, cancellationToken).ConfigureAwait(false);
        if (spectral?.Stopped is { } stopped)
        {
            notes.Add(stopped);
        }

        cone?.Flush();
        double liveSeconds = clock.Elapsed.TotalSeconds;
        StreamCounters counters = subscriber.Counters(processed.Count);
        int frameCount = subscriber.Ended.IsCompletedSuccessfully ? (int)subscriber.Ended.Result.FrameCount : start.FrameCount;
        var finaliser = new LiveFinaliser(softwareVersion, request, start, setup, notes);
        (string? output, string outcome, double finaliseSeconds) = cone is not null ? (null, "cone-beam previews", 0)
            : await Task.Run(() => finaliser.Complete(reconstructor, processed, frameCount, cancellationToken), cancellationToken).ConfigureAwait(false);
        string result = spectral is not null ? "per-energy previews" : holotomo is not null ? "phase previews" : outcome;
        int reconstructed = cone?.ProjectionsAdded ?? reconstructor?.ProjectionsAdded ?? spectral?.ProjectionsAdded ?? holotomo?.MultiDistanceProjections ?? 0;
        return new LiveResult(output, result, counters, reconstructed, setup.CenterPx, liveSeconds, finaliseSeconds, notes, cone?.Preview() ?? reconstructor?.Preview() ?? holotomo?.Preview())
        {
            PaganinProjections = holotomo?.PaganinProjections,
            LastSpectral = spectral?.Snapshot(final: true),
        };
    }

    /// <summary>The live FDK of a cone-beam series: one tile's angles, the pixel at the detector, the whole tile or its central slice.</summary>
    private static ConeLiveStage ConeStage(StreamStart start, LiveGeometry geometry)
    {
        double sod = start.SourceToObjectMm!.Value;
        double sdd = start.SourceToDetectorMm!.Value;
        double pixel = geometry.PixelSizeMm * sdd / sod;
        var scan = new ConeGeometry(geometry.Rows, geometry.Columns, sod, sdd, pixel, pixel, geometry.CenterPx - ((geometry.Columns - 1) / 2.0), 0, TileAngles(start));
        return new ConeLiveStage(scan, new ConeGrid(geometry.Columns, geometry.FullVolume ? geometry.Rows : 1, scan.VoxelMm), geometry.Filter);
    }

    /// <summary>One tile's rotation angles: the series' angles, each once, in the order they first come.</summary>
    internal static double[] TileAngles(StreamStart start) => [.. start.AnglesDeg.Distinct()];

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

    private async Task ConsumeAsync(FrameSubscriber subscriber, FrameRingBuffer ring, Consumer consumer, HashSet<long> processed, TimeSpan idleTimeout, List<string> notes, CancellationToken cancellationToken)
    {
        var sincePreview = Stopwatch.StartNew();
        var sinceFrame = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Interlocked.Exchange(ref _moveTo, null) is { } move && consumer.Move(move))
            {
                consumer.Publish(subscriber.Counters(processed.Count));
            }

            if (ring.TryTake(out BufferedFrame? frame))
            {
                try
                {
                    consumer.Feed(frame!);
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
                consumer.Publish(subscriber.Counters(processed.Count));
                sincePreview.Restart();
            }
        }
    }

    /// <summary>Where frames go: the single tomogram's reconstructor, the per-energy preview of a spectral series, or the phase previews of a holotomography series.</summary>
    private sealed class Consumer(IncrementalReconstructor? reconstructor, SpectralLivePreview? spectral, HolotomoLivePreview? holotomo, ConeLiveStage? cone, LiveReconstruction owner)
    {
        public void Feed(BufferedFrame frame)
        {
            if (spectral is not null)
            {
                spectral.Feed(frame, frame.Pixels[..(frame.Rows * frame.Columns)]);
            }
            else if (holotomo is not null)
            {
                holotomo.Feed(frame, frame.Pixels[..(frame.Rows * frame.Columns)]);
            }
            else if (reconstructor is not null)
            {
                FeedTomogram(reconstructor, frame, frame.Pixels[..(frame.Rows * frame.Columns)]);
            }
        }

        /// <summary>Moves a single tomogram's preview slices; the other kinds keep theirs.</summary>
        public bool Move(PreviewMove move)
        {
            if (reconstructor is null || cone is not null)
            {
                return false;
            }

            reconstructor.MovePreview(move.Z, move.Y, move.X);
            return true;
        }

        public void Publish(StreamCounters counters)
        {
            if (spectral is not null)
            {
                owner.SpectralPreviewUpdated?.Invoke(spectral.Snapshot(), counters);
            }
            else if (holotomo is not null)
            {
                owner.PreviewUpdated?.Invoke(holotomo.Preview(), counters);
            }
            else if (cone is not null)
            {
                owner.PreviewUpdated?.Invoke(cone.Preview(), counters);
            }
            else if (reconstructor is not null)
            {
                owner.PreviewUpdated?.Invoke(reconstructor.Preview(), counters);
            }
        }
    }

    /// <summary>Hands a frame (its pixels in <paramref name="raw"/>) to a reconstructor by its kind.</summary>
    internal static void FeedTomogram(IncrementalReconstructor reconstructor, BufferedFrame frame, float[] raw)
    {
        var condition = new ReferenceCondition(frame.EnergyEv, frame.DistanceIndex, frame.TileIndex);
        switch (frame.ImageKey)
        {
            case 2:
                reconstructor.AddDark(raw, frame.Seq, condition);
                break;
            case 1:
                reconstructor.AddFlat(raw, frame.Seq, condition);
                break;
            case 0:
                reconstructor.AddProjection(raw, frame.AngleDeg, frame.Seq, condition);
                break;
            default:
                break;
        }
    }

    private sealed record PreviewMove(int Z, int Y, int X);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The frame stream stopped for {Seconds} s before its end message")]
    private partial void LogStalled(double seconds);
}
