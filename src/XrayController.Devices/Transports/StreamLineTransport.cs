using System.Text;
using System.Threading.Channels;

namespace XrayController.Devices.Transports;

/// <summary>
/// Lines over any <see cref="Stream"/> (a serial port's base stream, a TCP stream). A pump keeps one read pending at all
/// times and splits what arrives into lines: on Unix, System.IO.Ports serves reads and writes from a polling loop that
/// naps while nothing is pending, and a standing read halves a command's round trip (2.2 to 1.2 ms on a pseudo-terminal,
/// <c>xrayctl bench devices</c>). It also notices at once when the port goes away. The owner, when given, is disposed
/// with the transport when given.
/// </summary>
public sealed class StreamLineTransport : ILineTransport
{
    private const int MaxLineBytes = 65536;

    private readonly Stream _stream;
    private readonly IDisposable? _owner;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _partial = new();
    private readonly Lock _gate = new();
    private readonly Task _pump;

    private readonly Func<bool>? _isGone;
    private readonly bool _carriageReturnEnds;

    /// <param name="carriageReturnEnds">Replies end with CR alone (some instruments), not LF; an LF right after is ignored.</param>
    public StreamLineTransport(Stream stream, string address, IDisposable? owner = null, Func<bool>? isGone = null, bool carriageReturnEnds = false)
    {
        _stream = stream;
        _carriageReturnEnds = carriageReturnEnds;
        Address = address;
        _owner = owner;
        _isGone = isGone;
        _pump = Task.Run(PumpAsync);
    }

    public string Address { get; }

    public bool IsGone => _isGone?.Invoke() ?? false;

    public string Pending
    {
        get
        {
            lock (_gate)
            {
                return _partial.ToString();
            }
        }
    }

    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(text);
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _lines.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw e.InnerException switch
            {
                InvalidDataException data => new InvalidDataException(data.Message, data),
                Exception other => new IOException($"{Address} failed: {other.Message}", other),
                null => new IOException($"{Address} closed"),
            };
        }
    }

    public void DiscardInput()
    {
        while (_lines.Reader.TryRead(out _))
        {
        }

        lock (_gate)
        {
            _partial.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _owner?.Dispose();
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The pump ends with the stream; its end is what closing means.
        }

        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        byte[] buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    _lines.Writer.TryComplete();
                    return;
                }

                Split(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e)
        {
            _lines.Writer.TryComplete(_stop.IsCancellationRequested ? null : e);
        }
    }

    private void Split(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            foreach (byte b in bytes)
            {
                if (_carriageReturnEnds && b == (byte)'\r')
                {
                    _lines.Writer.TryWrite(_partial.ToString());
                    _partial.Clear();
                }
                else if (_carriageReturnEnds && b == (byte)'\n' && _partial.Length == 0)
                {
                    continue;
                }
                else if (b == (byte)'\n')
                {
                    _lines.Writer.TryWrite(_partial.ToString().TrimEnd('\r'));
                    _partial.Clear();
                }
                else if (_partial.Length >= MaxLineBytes)
                {
                    throw new InvalidDataException($"a reply line on {Address} exceeds {MaxLineBytes} bytes without a line feed");
                }
                else
                {
                    _partial.Append((char)b);
                }
            }
        }
    }
}
