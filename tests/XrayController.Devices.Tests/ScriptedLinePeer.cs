using System.Net;
using System.Net.Sockets;
using System.Text;
using XrayController.Tests.Shared;

namespace XrayController.Devices.Tests;

/// <summary>
/// Plays a device over TCP from a script: checks every command the driver sends, in order, and writes the replies as
/// written. Single control characters are commands of their own (GCS); anything else is a line ending with LF.
/// </summary>
internal sealed class ScriptedLinePeer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private NetworkStream? _stream;
    private TcpClient? _client;

    public ScriptedLinePeer()
    {
        _listener.Start();
        Address = $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
    }

    public string Address { get; }

    /// <summary>Plays the send and reply steps; fails on the first command that differs from the script.</summary>
    public async Task PlayAsync(IEnumerable<TranscriptStep> steps, CancellationToken cancellationToken)
    {
        if (_stream is null)
        {
            _client = await _listener.AcceptTcpClientAsync(cancellationToken);
            _client.NoDelay = true;
            _stream = _client.GetStream();
        }

        foreach (TranscriptStep step in steps)
        {
            if (step.Kind == TranscriptStepKind.Send)
            {
                string received = await ReadCommandAsync(step.Text.Length == 1 && char.IsControl(step.Text[0]), cancellationToken);
                Assert.True(step.Text == received, $"line {step.Line}: expected '{Printable(step.Text)}', the driver sent '{Printable(received)}'");
            }
            else if (step.Kind == TranscriptStepKind.Reply)
            {
                await _stream.WriteAsync(Encoding.Latin1.GetBytes(step.Text + "\n"), cancellationToken);
            }
        }
    }

    /// <summary>Writes raw bytes as the device (garbled or partial replies).</summary>
    public Task WriteAsync(string text, CancellationToken cancellationToken) =>
        _stream!.WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken).AsTask();

    public async Task<string> ReadCommandAsync(bool singleByte, CancellationToken cancellationToken)
    {
        if (_stream is null)
        {
            _client = await _listener.AcceptTcpClientAsync(cancellationToken);
            _stream = _client.GetStream();
        }

        var text = new StringBuilder();
        byte[] one = new byte[1];
        while (true)
        {
            if (await _stream.ReadAsync(one, cancellationToken) == 0)
            {
                return text.ToString();
            }

            if (singleByte && text.Length == 0)
            {
                return ((char)one[0]).ToString();
            }

            if (one[0] == (byte)'\n')
            {
                return text.ToString();
            }

            text.Append((char)one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        await Task.CompletedTask;
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) || c > 0x7e ? $"\\x{(int)c:X2}" : c.ToString()));
}
