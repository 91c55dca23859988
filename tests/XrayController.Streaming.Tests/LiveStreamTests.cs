using NetMQ;
using NetMQ.Sockets;
using XrayController.Protocols.FrameStream;
using XrayController.Streaming.Subscription;

namespace XrayController.Streaming.Tests;

public class LiveStreamTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static StreamImage Image(long seq, int key = 0, string series = "s1") =>
        new(series, seq, key, seq, null, 0, 0, seq, 2, 2, "uint16", new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 });

    [Fact]
    public void A_full_ring_drops_the_oldest_waiting_projection_and_keeps_references()
    {
        var ring = new FrameRingBuffer(3);
        ring.Write(Image(0, key: 1));
        ring.Write(Image(1));
        ring.Write(Image(2));

        ring.Write(Image(3));

        Assert.Equal(1, ring.PreviewDrops);
        var seqs = new List<long>();
        while (ring.TryTake(out BufferedFrame? frame))
        {
            seqs.Add(frame!.Seq);
            ring.Release(frame);
        }

        Assert.Equal([0L, 2, 3], seqs);
    }

    [Fact]
    public void Pixels_arrive_as_counts_in_arrival_order()
    {
        var ring = new FrameRingBuffer(4);
        ring.Write(Image(7));

        Assert.True(ring.TryTake(out BufferedFrame? frame));
        Assert.Equal(7, frame!.Seq);
        Assert.Equal([1f, 2f, 3f, 4f], frame.Pixels[..4]);
        Assert.False(ring.TryTake(out _));
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_a_frame_arrives_and_times_out_when_none_does()
    {
        var ring = new FrameRingBuffer(4);
        Assert.False(await ring.WaitForFrameAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Task<bool> waiting = ring.WaitForFrameAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        ring.Write(Image(1));

        Assert.True(await waiting.WaitAsync(Wait));
        Assert.True(ring.TryTake(out BufferedFrame? frame));
        Assert.Equal(1, frame!.Seq);
    }

    [Fact]
    public async Task The_subscriber_counts_gaps_duplicates_disorder_damage_and_strangers_apart()
    {
        using var publisher = new PublisherSocket();
        publisher.Options.Linger = TimeSpan.Zero;
        int port = publisher.BindRandomPort("tcp://127.0.0.1");
        var ring = new FrameRingBuffer(64);
        await using FrameSubscriber subscriber = FrameSubscriber.Connect($"tcp://127.0.0.1:{port}", ring);
        byte[] start = FrameStreamEncoder.Encode(new StreamStart("s1", "p", "parallel-ct", "i", true, 8, 8, 0, 0, 2, 2, "uint16", 1, 1, 1, 1, null, "parallel", null, null, [], [], [], [], "t"));
        await PublishUntilReceivedAsync(publisher, start, subscriber.Started);

        foreach (byte[] message in new[]
        {
            FrameStreamEncoder.Encode(Image(0)),
            FrameStreamEncoder.Encode(Image(2)),
            FrameStreamEncoder.Encode(Image(1)),
            FrameStreamEncoder.Encode(Image(2)),
            FrameStreamEncoder.Encode(Image(3, series: "other")),
            [0x01, 0x02, 0x03],
            FrameStreamEncoder.Encode(Image(5)),
            FrameStreamEncoder.Encode(new StreamEnd("s1", 8, "completed", null)),
        })
        {
            publisher.SendFrame(message);
        }

        await subscriber.Ended.WaitAsync(Wait);
        StreamCounters counters = subscriber.Counters(processed: 0);

        Assert.Equal(4, counters.Received);
        Assert.Equal(4, counters.TransportGaps);
        Assert.Equal(1, counters.Duplicates);
        Assert.Equal(1, counters.OutOfOrder);
        Assert.Equal(1, counters.Malformed);
        Assert.Equal(1, counters.OtherSeries);
        Assert.Equal(4, ring.Written);
    }

    /// <summary>A plain PUB socket drops messages until the subscription has reached it: repeat the start until it lands.</summary>
    private static async Task PublishUntilReceivedAsync(PublisherSocket publisher, byte[] start, Task<StreamStart> started)
    {
        for (int attempt = 0; attempt < 100 && !started.IsCompleted; attempt++)
        {
            publisher.SendFrame(start);
            await Task.Delay(50);
        }

        await started.WaitAsync(Wait);
    }
}
