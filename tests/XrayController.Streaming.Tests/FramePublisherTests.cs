using NetMQ;
using NetMQ.Sockets;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Protocols.FrameStream;
using XrayController.Tests.Shared;

namespace XrayController.Streaming.Tests;

public class FramePublisherTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_subscriber_receives_start_every_image_in_order_and_end()
    {
        await using FramePublisher publisher = FramePublisher.Bind("tcp://127.0.0.1:*", 1000);
        using var subscriber = Subscribe(publisher.Endpoint);
        await publisher.WaitForSubscribersAsync(1, CancellationToken.None).WaitAsync(Wait);
        (ScanStarted started, FrameAcquired[] frames) = Scan();

        await publisher.OnStartedAsync(started, CancellationToken.None);
        foreach (FrameAcquired frame in frames)
        {
            await publisher.OnFrameAsync(frame, CancellationToken.None);
        }

        await publisher.OnEndedAsync(new ScanEnded(ScanStatus.Completed, null, started.Scan.Frames, DateTimeOffset.UnixEpoch, 1), CancellationToken.None);

        var start = Assert.IsType<StreamStart>(Receive(subscriber));
        Assert.Equal(started.SeriesId.ToString(), start.SeriesUniqueId);
        Assert.Equal(frames.Length, start.FrameCount);
        Assert.Equal(63.75, start.RotationAxisPx);
        Assert.Equal(started.Scan.Frames.Projections, start.AnglesDeg.Count);
        foreach (FrameAcquired frame in frames)
        {
            var image = Assert.IsType<StreamImage>(Receive(subscriber));
            Assert.Equal(frame.Frame.Seq, image.Seq);
            Assert.Equal((int)frame.Frame.Kind, image.ImageKey);
            Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.AsBytes(frame.Image.Pixels.Span).ToArray(), image.Data.ToArray());
        }

        var end = Assert.IsType<StreamEnd>(Receive(subscriber));
        Assert.Equal(frames.Length, end.FrameCount);
        Assert.Equal("completed", end.Status);
    }

    [Fact]
    public async Task A_late_subscriber_first_receives_the_series_start()
    {
        await using FramePublisher publisher = FramePublisher.Bind("tcp://127.0.0.1:*", 1000);
        (ScanStarted started, FrameAcquired[] frames) = Scan();
        await publisher.OnStartedAsync(started, CancellationToken.None);
        await publisher.OnFrameAsync(frames[0], CancellationToken.None);
        for (int i = 0; i < 200 && publisher.MessagesSent < 2; i++)
        {
            // The publisher sends from its own thread: wait until frame 0 has left before the late subscriber joins.
            await Task.Delay(10);
        }

        Assert.Equal(2, publisher.MessagesSent);
        using var late = Subscribe(publisher.Endpoint);
        await publisher.WaitForSubscribersAsync(1, CancellationToken.None).WaitAsync(Wait);
        await publisher.OnFrameAsync(frames[1], CancellationToken.None);

        Assert.Equal(started.SeriesId.ToString(), Assert.IsType<StreamStart>(Receive(late)).SeriesUniqueId);
        Assert.Equal(frames[1].Frame.Seq, Assert.IsType<StreamImage>(Receive(late)).Seq);
    }

    [Fact]
    public async Task Waiting_for_subscribers_completes_when_enough_have_joined()
    {
        await using FramePublisher publisher = FramePublisher.Bind("tcp://127.0.0.1:*", 1000);
        Task waiting = publisher.WaitForSubscribersAsync(2, CancellationToken.None);

        using var first = Subscribe(publisher.Endpoint);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        using var second = Subscribe(publisher.Endpoint);

        await waiting.WaitAsync(Wait);
        Assert.Equal(2, publisher.Subscribers);
    }

    [Fact]
    public async Task An_endpoint_in_use_is_refused_with_its_address()
    {
        await using FramePublisher first = FramePublisher.Bind("tcp://127.0.0.1:*", 1000);

        StreamEndpointException error = Assert.Throws<StreamEndpointException>(() => FramePublisher.Bind(first.Endpoint, 1000));

        Assert.Equal($"frame stream endpoint {first.Endpoint} is already in use", error.Message);
    }

    private static SubscriberSocket Subscribe(string endpoint)
    {
        var socket = new SubscriberSocket();
        socket.Options.Linger = TimeSpan.Zero;
        socket.Connect(endpoint);
        socket.SubscribeToAnyTopic();
        return socket;
    }

    private static StreamMessage Receive(SubscriberSocket socket)
    {
        Assert.True(socket.TryReceiveFrameBytes(Wait, out byte[]? message), "no message within the timeout");
        return FrameStreamDecoder.Decode(message);
    }

    private static (ScanStarted Started, FrameAcquired[] Frames) Scan()
    {
        PlanReadResult read = PlanReader.Read(File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml")).Replace("count: 180", "count: 8", StringComparison.Ordinal), "demo.yaml");
        InstrumentProfile profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("demo")), "demo.json").Profile!;
        CompiledScan scan = PlanCompiler.Compile(read.Document!.Plan, profile);
        var started = new ScanStarted(Guid.NewGuid(), scan, new ScanProvenance("t", "p", "", "d", "", true, 63.75), DateTimeOffset.UnixEpoch);
        FrameAcquired[] frames =
        [
            .. scan.Steps.OfType<AcquireStep>().Select(a => new FrameAcquired(
                a.Frame,
                new DetectorFrame(a.Frame.Seq, 128, 128, Enumerable.Range(0, 128 * 128).Select(i => (ushort)(i + a.Frame.Seq)).ToArray(), DateTimeOffset.UnixEpoch),
                a.Frame.AngleDeg,
                a.Frame.Seq,
                double.NaN)),
        ];
        return (started, frames);
    }
}
