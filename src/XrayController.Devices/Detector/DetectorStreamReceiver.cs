using System.Threading.Channels;
using NetMQ;
using NetMQ.Sockets;
using XrayController.Protocols.Simplon;

namespace XrayController.Devices.Detector;

/// <summary>
/// Pulls the detector's image stream on its own thread (NetMQ sockets stay on one thread) and hands decoded messages
/// to the driver; a message that breaks the format is handed on as its error, so the reader learns of it in order.
/// </summary>
internal sealed class DetectorStreamReceiver : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Channel<(DetectorStreamMessage? Message, Exception? Error)> _messages =
        Channel.CreateUnbounded<(DetectorStreamMessage?, Exception?)>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });

    private readonly string _endpoint;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public DetectorStreamReceiver(string endpoint)
    {
        _endpoint = endpoint;
        using var ready = new ManualResetEventSlim();
        Exception? failure = null;
        _thread = new Thread(() => Receive(ready, e => failure = e)) { IsBackground = true, Name = "detector stream" };
        _thread.Start();
        ready.Wait();
        if (failure is not null)
        {
            throw failure;
        }
    }

    public ChannelReader<(DetectorStreamMessage? Message, Exception? Error)> Messages => _messages.Reader;

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(2));
    }

    private void Receive(ManualResetEventSlim ready, Action<Exception> fail)
    {
        PullSocket socket;
        try
        {
            socket = new PullSocket();
            socket.Options.Linger = TimeSpan.Zero;
            socket.Options.ReceiveHighWatermark = 1000;
            socket.Connect(_endpoint);
        }
        catch (Exception e) when (e is NetMQException or ArgumentException)
        {
            fail(e);
            ready.Set();
            return;
        }

        ready.Set();
        using (socket)
        {
            while (!_stopping)
            {
                if (!socket.TryReceiveFrameBytes(PollInterval, out byte[]? bytes))
                {
                    continue;
                }

                try
                {
                    _messages.Writer.TryWrite((DetectorStreamCodec.Decode(bytes), null));
                }
                catch (DetectorStreamException e)
                {
                    _messages.Writer.TryWrite((null, e));
                }
            }
        }

        _messages.Writer.TryComplete();
    }
}
