using XrayController.Devices.Errors;

namespace XrayController.Devices.Transports;

/// <summary>
/// One command at a time on a line transport, each bounded by the command timeout (real time: it bounds how long a
/// reply takes on the wire, whatever the instrument's clock). Transport failures become typed device exceptions naming
/// the device, the command and what arrived; after a timeout the input is discarded so a late reply is not taken for
/// the next command's, and anything unsolicited is dropped before each command.
/// </summary>
public sealed class CommandChannel(ILineTransport transport, string device, TimeSpan timeout) : IAsyncDisposable
{
    private readonly SemaphoreSlim _exclusive = new(1, 1);

    public string Device => device;

    public TimeSpan Timeout => timeout;

    /// <summary>Sends a command that has no reply.</summary>
    public Task SendAsync(string command, CancellationToken cancellationToken) =>
        ExchangeAsync(command, 0, null, cancellationToken);

    /// <summary>Sends a command and reads its one-line reply.</summary>
    public async Task<string> QueryAsync(string command, CancellationToken cancellationToken) =>
        (await ExchangeAsync(command, 1, null, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Sends a command and reads reply lines until <paramref name="continues"/> says a line is the last.</summary>
    public Task<IReadOnlyList<string>> QueryLinesAsync(string command, Func<string, bool> continues, CancellationToken cancellationToken) =>
        ExchangeAsync(command, int.MaxValue, continues, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transport.DisposeAsync().ConfigureAwait(false);
        _exclusive.Dispose();
    }

    private async Task<IReadOnlyList<string>> ExchangeAsync(string command, int maxLines, Func<string, bool>? continues, CancellationToken cancellationToken)
    {
        await _exclusive.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            transport.DiscardInput();
            string terminated = command.Length == 1 && char.IsControl(command[0]) ? command : command + "\n";
            await transport.WriteAsync(terminated, deadline.Token).ConfigureAwait(false);
            var lines = new List<string>();
            while (lines.Count < maxLines)
            {
                string line = await transport.ReadLineAsync(deadline.Token).ConfigureAwait(false);
                lines.Add(line);
                if (continues is null || !continues(line))
                {
                    break;
                }
            }

            return lines;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            string pending = transport.Pending;
            transport.DiscardInput();
            if (transport.IsGone)
            {
                throw new DeviceConnectionException(device, command, $"no reply, and {transport.Address} is gone (device unplugged, or its simulator stopped)");
            }

            throw new DeviceTimeoutException(device, command, pending, timeout);
        }
        catch (InvalidDataException e)
        {
            transport.DiscardInput();
            throw new DeviceProtocolException(device, command, transport.Pending, e.Message);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw new DeviceConnectionException(device, command, $"the connection to {transport.Address} failed: {e.Message}", e);
        }
        finally
        {
            _exclusive.Release();
        }
    }
}
