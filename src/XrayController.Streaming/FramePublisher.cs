using NetMQ;
using NetMQ.Sockets;
using XrayController.Core.Scans;
using XrayController.Protocols.FrameStream;

namespace XrayController.Streaming;

/// <summary>
/// Publishes a scan's frame stream (<c>firmware-protocols/frame-stream.md</c>) on a ZeroMQ XPUB socket. The socket is
/// bound on creation and then used only from its own poller thread. The current series' start message is the socket's
/// welcome message, so a subscriber joining late receives it first; verbose subscriptions let the publisher count
/// subscribers for <c>--wait-subscribers</c>. Past the high-water mark a slow subscriber misses messages (the file, not
/// the stream, is the record); subscribers detect that from gaps in <c>seq</c>.
/// </summary>
public sealed class FramePublisher : IScanSink, IAsyncDisposable
{
    /// <summary>How long a closing socket may still deliver queued messages (the end message above all); bounded so that shutdown never hangs.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    private readonly XPublisherSocket _socket;
    private readonly NetMQQueue<Action> _commands = new();
    private readonly NetMQPoller _poller;
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private Guid _seriesId;
    private int _subscribers;
    private long _messagesSent;
    private int _disposed;
    private long _framesSent;

    private FramePublisher(XPublisherSocket socket, string endpoint)
    {
        _socket = socket;
        Endpoint = endpoint;
        _socket.ReceiveReady += (_, _) => OnSubscriptionMessages();
        _commands.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out Action? command, TimeSpan.Zero))
            {
                command();
            }
        };
        _poller = [_socket, _commands];
        _poller.RunAsync("frame publisher");
    }

    /// <summary>The bound endpoint, with the port filled in when a wildcard (<c>tcp://127.0.0.1:*</c>) was asked for.</summary>
    public string Endpoint { get; }

    public int Subscribers => Volatile.Read(ref _subscribers);

    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Binds the publisher; an endpoint in use or malformed is a <see cref="StreamEndpointException"/>.</summary>
    public static FramePublisher Bind(string endpoint, int sendHighWatermark)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new XPublisherSocket();
        try
        {
            socket.Options.XPubVerbose = true;
            socket.Options.Linger = Linger;
            socket.Options.SendHighWatermark = sendHighWatermark;
            socket.Bind(endpoint);
            return new FramePublisher(socket, socket.Options.LastEndpoint ?? endpoint);
        }
        catch (Exception e) when (e is NetMQException or ArgumentException or FormatException)
        {
            socket.Dispose();
            string reason = e is AddressAlreadyInUseException ? "is already in use" : $"cannot be bound ({e.Message})";
            throw new StreamEndpointException($"frame stream endpoint {endpoint} {reason}", e);
        }
    }

    /// <summary>Completes once <paramref name="count"/> subscribers have subscribed.</summary>
    public Task WaitForSubscribersAsync(int count, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_subscribers >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((count, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        _seriesId = started.SeriesId;
        byte[] start = FrameStreamEncoder.Encode(StreamMessagesFromScan.Start(started));
        _commands.Enqueue(() =>
        {
            _socket.SetWelcomeMessage(start);
            Send(start);
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken)
    {
        byte[] image = FrameStreamEncoder.Encode(StreamMessagesFromScan.Image(_seriesId, frame));
        Interlocked.Increment(ref _framesSent);
        _commands.Enqueue(() => Send(image));
        return ValueTask.CompletedTask;
    }

    public ValueTask OnEndedAsync(ScanEnded ended, CancellationToken cancellationToken)
    {
        byte[] end = FrameStreamEncoder.Encode(StreamMessagesFromScan.End(_seriesId, ended, Interlocked.Read(ref _framesSent)));
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _commands.Enqueue(() =>
        {
            _socket.ClearWelcomeMessage();
            Send(end);
            sent.SetResult();
        });
        return new ValueTask(sent.Task);
    }

    /// <summary>Closes the stream; a second call does nothing (the scan closes it once acquisition ends, its scope again on the way out).</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }

        _poller.Stop();
        _poller.Dispose();
        _commands.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Send(byte[] message)
    {
        if (_socket.TrySendFrame(TimeSpan.Zero, message))
        {
            Interlocked.Increment(ref _messagesSent);
        }
    }

    /// <summary>XPUB delivers subscriptions as messages: first byte 1 subscribe, 0 unsubscribe, then the topic.</summary>
    private void OnSubscriptionMessages()
    {
        while (_socket.TryReceiveFrameBytes(TimeSpan.Zero, out byte[]? message))
        {
            if (message.Length == 0)
            {
                continue;
            }

            lock (_gate)
            {
                _subscribers += message[0] == 1 ? 1 : -1;
                foreach ((int count, TaskCompletionSource done) in _waiters.Where(w => _subscribers >= w.Count).ToList())
                {
                    done.TrySetResult();
                    _waiters.Remove((count, done));
                }
            }
        }
    }
}
