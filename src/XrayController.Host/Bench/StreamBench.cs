using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using XrayController.Core.Plans;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Streaming.Subscription;

namespace XrayController.Host.Bench;

/// <summary>What the stream bench measured.</summary>
public sealed record StreamFigures(int Frames, int Size, double Seconds, double FramesPerS, double MegabytesPerS, StreamCounters Counters);

/// <summary>
/// Publishes synthetic uint16 frames as fast as a PUB socket takes them (loopback TCP) into the real subscriber and ring
/// buffer, with the live reconstruction taking frames into three preview slices as fast as it can. Measures the
/// receiving side: frames and megabytes per second into the ring, transport gaps and preview drops.
/// </summary>
public static class StreamBench
{
    public static async Task<StreamFigures> RunAsync(int frames, int size, CancellationToken cancellationToken)
    {
        using var publisher = new XPublisherSocket();
        publisher.Options.SendHighWatermark = 100_000;
        publisher.Options.Linger = TimeSpan.FromSeconds(5);
        int port = publisher.BindRandomPort("tcp://127.0.0.1");
        var ring = new FrameRingBuffer(FrameRingBuffer.DefaultCapacity);
        await using FrameSubscriber subscriber = FrameSubscriber.Connect($"tcp://127.0.0.1:{port}", ring, receiveHighWatermark: 100_000);
        publisher.ReceiveFrameBytes();
        string series = Guid.NewGuid().ToString();
        double[] angles = [.. Enumerable.Range(0, frames).Select(i => i * 180.0 / frames)];
        publisher.SendFrame(FrameStreamEncoder.Encode(new StreamStart(series, "bench", "parallel-ct", "bench", true, frames + 1, frames, 1, 0, size, size, "uint16", 0.01, 1, double.NaN, 1, size / 2, "parallel", null, null, angles, [], [], [], "2026-11-24T00:00:00Z")));
        var live = new IncrementalReconstructor(new LiveGeometry(size, size, size / 2, double.NaN, frames, ReconstructionFilter.SheppLogan, FullVolume: false), new CorrectionSettings(FlatMode.Preceding, ZingerRemoval: false));
        long processed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task consumer = Task.Run(() => Consume(ring, live, ref processed, stop.Token), CancellationToken.None);
        byte[] pixels = new byte[size * size * 2];
        new Random(3).NextBytes(pixels);
        var clock = Stopwatch.StartNew();
        publisher.SendFrame(Encode(series, 0, 1, 0, size, pixels));
        for (int i = 0; i < frames; i++)
        {
            publisher.SendFrame(Encode(series, i + 1, 0, angles[i], size, pixels));
        }

        publisher.SendFrame(FrameStreamEncoder.Encode(new StreamEnd(series, frames + 1, "completed", null)));
        await subscriber.Ended.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync().ConfigureAwait(false);
        await consumer.ConfigureAwait(false);
        StreamCounters counters = subscriber.Counters(Interlocked.Read(ref processed));
        return new StreamFigures(frames + 1, size, seconds, (frames + 1) / seconds, (frames + 1) * (double)pixels.Length / seconds / 1e6, counters);
    }

    private static byte[] Encode(string series, long seq, int key, double angle, int size, byte[] pixels) =>
        FrameStreamEncoder.Encode(new StreamImage(series, seq, key, angle, null, 0, 0, seq * 0.01, size, size, "uint16", pixels));

    private static void Consume(FrameRingBuffer ring, IncrementalReconstructor live, ref long processed, CancellationToken stop)
    {
        var condition = new ReferenceCondition(double.NaN, 0, 0);
        while (!stop.IsCancellationRequested)
        {
            if (!ring.TryTake(out BufferedFrame? frame))
            {
                Thread.Sleep(1);
                continue;
            }

            float[] raw = frame!.Pixels[..(frame.Rows * frame.Columns)];
            if (frame.ImageKey == 1)
            {
                live.AddFlat(raw, frame.Seq, condition);
            }
            else
            {
                live.AddProjection(raw, frame.AngleDeg, frame.Seq, condition);
            }

            ring.Release(frame);
            Interlocked.Increment(ref processed);
        }
    }
}
