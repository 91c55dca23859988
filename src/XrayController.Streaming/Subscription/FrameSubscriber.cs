using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetMQ;
using NetMQ.Sockets;
using XrayController.Protocols.FrameStream;

namespace XrayController.Streaming.Subscription;

/// <summary>
/// Receives a frame stream on its own thread and puts each image of the current series into a
/// <see cref="FrameRingBuffer"/>, never blocking on the consumer. It follows one series at a time: the first start
/// message opens it (a repeated start of the same series is ignored), its end message closes it. Malformed messages,
/// frames of another series, duplicates and out-of-order frames are counted and logged, never fatal.
/// </summary>
public sealed partial class FrameSubscriber : IAsyncDisposable
{
    private readonly SubscriberSocket _socket = new();
    private readonly FrameRingBuffer _ring;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<StreamStart> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<StreamEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<long> _seen = [];
    private readonly Thread _thread;
    private string? _series;
    private long _lastSeq = -1;
    private long _outOfOrder;
    private long _duplicates;
    private long _malformed;
    private long _otherSeries;

    private FrameSubscriber(string endpoint, FrameRingBuffer ring, int receiveHighWatermark, ILogger logger)
    {
        _ring = ring;
        _logger = logger;
        _socket.Options.Linger = TimeSpan.Zero;
        _socket.Options.ReceiveHighWatermark = receiveHighWatermark;
        _socket.Connect(endpoint);
        _socket.SubscribeToAnyTopic();
        _thread = new Thread(Receive) { IsBackground = true, Name = "frame subscriber" };
        _thread.Start();
    }

    /// <summary>The series' start message, once it has arrived.</summary>
    public Task<StreamStart> Started => _started.Task;

    /// <summary>The series' end message, once it has arrived.</summary>
    public Task<StreamEnd> Ended => _ended.Task;

    public static FrameSubscriber Connect(string endpoint, FrameRingBuffer ring, int receiveHighWatermark = 1000, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(ring);
        try
        {
            return new FrameSubscriber(endpoint, ring, receiveHighWatermark, logger ?? NullLogger.Instance);
        }
        catch (Exception e) when (e is NetMQException or ArgumentException)
        {
            throw new StreamEndpointException($"cannot connect to frame stream {endpoint}: {e.Message}", e);
        }
    }

    /// <summary>The counts so far; transport gaps count the series' frames not received, known once it has ended.</summary>
    public StreamCounters Counters(long processed)
    {
        lock (_seen)
        {
            long expected = _ended.Task.IsCompletedSuccessfully ? _ended.Task.Result.FrameCount : _lastSeq + 1;
            return new StreamCounters(_seen.Count, processed, Math.Max(0, expected - _seen.Count), _ring.PreviewDrops, _outOfOrder, _duplicates, _malformed, _otherSeries);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _thread.Join();
        _socket.Dispose();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Receive()
    {
        var message = new Msg();
        message.InitEmpty();
        while (!_stop.IsCancellationRequested && !_ended.Task.IsCompleted)
        {
            if (!_socket.TryReceive(ref message, TimeSpan.FromMilliseconds(100)))
            {
                continue;
            }

            try
            {
                Handle(FrameStreamDecoder.Decode(message.SliceAsMemory()));
            }
            catch (FrameStreamException e)
            {
                Interlocked.Increment(ref _malformed);
                LogMalformed(e.Message);
            }
        }

        message.Close();
    }

    private void Handle(StreamMessage decoded)
    {
        if (_series is null && decoded is StreamStart start)
        {
            _series = start.SeriesUniqueId;
            _started.TrySetResult(start);
            return;
        }

        if (decoded.SeriesUniqueId != _series)
        {
            Interlocked.Increment(ref _otherSeries);
            return;
        }

        switch (decoded)
        {
            case StreamImage image:
                Accept(image);
                break;
            case StreamEnd end:
                _ended.TrySetResult(end);
                break;
            default:
                break;
        }
    }

    private void Accept(StreamImage image)
    {
        lock (_seen)
        {
            if (!_seen.Add(image.Seq))
            {
                _duplicates++;
                return;
            }

            if (image.Seq < _lastSeq)
            {
                _outOfOrder++;
            }

            _lastSeq = Math.Max(_lastSeq, image.Seq);
        }

        _ring.Write(image);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a malformed frame-stream message: {Reason}")]
    private partial void LogMalformed(string reason);
}
