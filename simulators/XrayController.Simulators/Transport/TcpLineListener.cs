using System.Net;
using System.Net.Sockets;

namespace XrayController.Simulators.Transport;

/// <summary>Serves a line protocol to TCP clients on loopback, one <see cref="LineServer"/> per connection, all sharing the device.</summary>
internal sealed class TcpLineListener : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ILineProtocol> _protocol;
    private readonly LinkFaults _faults;
    private readonly List<LineServer> _sessions = [];
    private readonly Lock _gate = new();
    private readonly Thread _accept;
    private volatile bool _stopping;

    public TcpLineListener(int port, Func<ILineProtocol> protocol, LinkFaults faults, string name)
    {
        _protocol = protocol;
        _faults = faults;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = new Thread(Accept) { IsBackground = true, Name = name };
        _accept.Start();
    }

    public int Port { get; }

    public void Dispose()
    {
        _stopping = true;
        _listener.Stop();
        _accept.Join(TimeSpan.FromSeconds(2));
        LineServer[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
            _sessions.Clear();
        }

        foreach (LineServer session in sessions)
        {
            session.Dispose();
        }
    }

    private void Accept()
    {
        while (!_stopping)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            client.NoDelay = true;
            var session = new LineServer(new TcpLink(client), _protocol(), _faults, $"{_accept.Name} client");
            lock (_gate)
            {
                _sessions.Add(session);
            }

            session.Closed += () =>
            {
                lock (_gate)
                {
                    _sessions.Remove(session);
                }
            };
        }
    }

    private sealed class TcpLink(TcpClient client) : IByteLink
    {
        private readonly NetworkStream _stream = client.GetStream();

        public int Read(Span<byte> buffer, CancellationToken cancellationToken)
        {
            using CancellationTokenRegistration closeOnCancel = cancellationToken.Register(client.Close);
            return _stream.Read(buffer);
        }

        public void Write(ReadOnlySpan<byte> data) => _stream.Write(data);

        public void Dispose() => client.Dispose();
    }
}
