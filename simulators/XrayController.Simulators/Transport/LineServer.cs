using System.Text;

namespace XrayController.Simulators.Transport;

/// <summary>
/// Serves a line protocol on one link, on its own thread: commands end with LF (a CR before it is dropped), listed
/// single bytes are commands on their own, each reply is written whole. Bytes are Latin-1, so the 0xB0/0xB1 replies of
/// GCS single-character commands pass unchanged.
/// </summary>
internal sealed class LineServer : IDisposable
{
    private const int MaxLineBytes = 4096;

    private readonly IByteLink _link;
    private readonly ILineProtocol _protocol;
    private readonly LinkFaults _faults;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public LineServer(IByteLink link, ILineProtocol protocol, LinkFaults faults, string name)
    {
        _link = link;
        _protocol = protocol;
        _faults = faults;
        _thread = new Thread(Serve) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Raised when the link closes (client gone, or disposed).</summary>
    public event Action? Closed;

    public void Dispose()
    {
        _stop.Cancel();
        _link.Dispose();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        _stop.Dispose();
    }

    private void Serve()
    {
        byte[] buffer = new byte[4096];
        var line = new StringBuilder();
        try
        {
            for (int n = _link.Read(buffer, _stop.Token); n > 0; n = _link.Read(buffer, _stop.Token))
            {
                for (int i = 0; i < n; i++)
                {
                    Accept(buffer[i], line);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer went away or the link was closed: the session is over.
        }

        Closed?.Invoke();
    }

    private void Accept(byte value, StringBuilder line)
    {
        if (line.Length == 0 && _protocol.IsSingleByteCommand(value))
        {
            Reply(((char)value).ToString());
        }
        else if (value == (byte)'\n')
        {
            string command = line.ToString().TrimEnd('\r');
            line.Clear();
            Reply(command);
        }
        else if (line.Length < MaxLineBytes)
        {
            line.Append((char)value);
        }
    }

    private void Reply(string command)
    {
        string? reply = _faults.Apply(_protocol.Handle(command));
        if (reply is not null)
        {
            _link.Write(Encoding.Latin1.GetBytes(reply));
        }
    }
}
