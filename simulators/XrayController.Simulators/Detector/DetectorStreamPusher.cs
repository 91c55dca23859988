using System.Threading.Channels;
using NetMQ;
using NetMQ.Sockets;

namespace XrayController.Simulators.Detector;

/// <summary>
/// The detector's image stream: a ZeroMQ PUSH socket bound on loopback, fed from one sending thread (NetMQ sockets are
/// not thread-safe). PUSH blocks when the reader falls behind, so no image is lost while a reader is connected.
/// </summary>
internal sealed class DetectorStreamPusher : IDisposable
{
    private readonly Channel<byte[]> _queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly PushSocket _socket;
    private static readonly TimeSpan SendSlice = TimeSpan.FromMilliseconds(100);

    private readonly Thread _sender;
    private volatile bool _stopping;

    public DetectorStreamPusher(string bindAddress)
    {
        _socket = new PushSocket();
        _socket.Options.Linger = TimeSpan.Zero;
        _socket.Options.SendHighWatermark = 1000;
        int port = _socket.BindRandomPort(bindAddress);
        Endpoint = $"{bindAddress}:{port}";
        _sender = new Thread(Send) { IsBackground = true, Name = "simulated detector stream" };
        _sender.Start();
    }

    public string Endpoint { get; }

    public void Enqueue(byte[] message) => _queue.Writer.TryWrite(message);

    public void Dispose()
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        _sender.Join(TimeSpan.FromSeconds(2));
        _socket.Dispose();
    }

    private void Send()
    {
        ChannelReader<byte[]> reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out byte[]? message))
            {
                // With no reader connected PUSH waits; waiting in slices lets disposal end the thread.
                while (!_socket.TrySendFrame(SendSlice, message))
                {
                    if (_stopping)
                    {
                        return;
                    }
                }
            }
        }
    }
}
