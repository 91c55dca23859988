using Microsoft.Extensions.Logging.Abstractions;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Streaming;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Tests;

/// <summary>
/// A small simulated scan shared by a test class: the engine writes its file and publishes every frame on a loopback
/// socket, where a subscriber fills a ring buffer (large enough to drop nothing) that the live loop drains into the
/// series' technique. The tests then reconstruct the file offline, run the job after the scan, and look at what the
/// live loop made.
/// </summary>
public abstract class PublishedScan : IAsyncLifetime
{
    private const int RingCapacity = 2048;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("xrayctl-pipelines-").FullName;

    public TechniqueList Techniques { get; } = TechniqueList.Create("test");

    public SimulatedScan Scan { get; private set; } = null!;

    public LiveResult Live { get; private set; } = null!;

    /// <summary>Whether the live loop said its slices could be moved, once the series had started.</summary>
    public bool LiveCouldMove { get; private set; }

    /// <summary>The last per-energy view the live loop showed (a spectral series), or null.</summary>
    public SpectralPreview? LastSpectralView { get; private set; }

    public OfflineReconstruction Offline => new(Techniques);

    /// <summary>The scan's end, as the engine reported it, for a post-scan context.</summary>
    public ScanEnded Completed => new(ScanStatus.Completed, null, Scan.Scan.Frames, DateTimeOffset.UnixEpoch, 1);

    public async Task InitializeAsync()
    {
        await using FramePublisher publisher = FramePublisher.Bind("tcp://127.0.0.1:*", 100_000);
        var ring = new FrameRingBuffer(RingCapacity);
        await using FrameSubscriber subscriber = FrameSubscriber.Connect(publisher.Endpoint, ring, receiveHighWatermark: 100_000);
        await publisher.WaitForSubscribersAsync(1, CancellationToken.None);
        var live = new LiveReconstruction(Techniques, NullLogger<LiveReconstruction>.Instance);
        live.SpectralPreviewUpdated += (view, _) => LastSpectralView = view;
        Task<LiveResult> reconstructing = live.RunAsync(subscriber, ring, LiveRequest(RingCapacity), CancellationToken.None);
        Scan = await RunAsync(Directory, publisher);
        Live = await reconstructing.WaitAsync(TimeSpan.FromMinutes(5));
        LiveCouldMove = live.CanMovePreview;
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    protected abstract Task<SimulatedScan> RunAsync(string directory, IScanSink publisher);

    /// <summary>The live loop's settings: the axis from the stream, the flats before each projection, the volume kept when it fits.</summary>
    protected virtual LiveRequest LiveRequest(int ringCapacity) =>
        new("in-process", null, null, AutoCenter: false, ReconstructionFilter.SheppLogan, FlatMode.Preceding, RingRemoval.None, ZingerRemoval: true, FullVolume: null, PreviewAt: null, 4_000_000_000, ringCapacity, TimeSpan.FromSeconds(60));
}
