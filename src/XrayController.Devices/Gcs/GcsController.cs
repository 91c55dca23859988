using System.Globalization;
using XrayController.Devices.Errors;
using XrayController.Devices.Transports;
using XrayController.Protocols.Gcs;

namespace XrayController.Devices.Gcs;

/// <summary>
/// A PI controller speaking GCS 2.0 (<c>firmware-protocols/pi-gcs2.md</c>). GCS does not answer set commands, not even
/// with an error, so every set command is followed by <c>ERR?</c> (as the EPICS PI driver does after every move) and a
/// non-zero code becomes a <see cref="DeviceFaultException"/> naming the command, the code and its meaning. Queries must
/// answer for the axis asked about.
/// </summary>
public sealed class GcsController(CommandChannel channel, string axis = "1") : IAsyncDisposable
{
    public string Device => channel.Device;

    public string Axis => axis;

    public TimeSpan Timeout => channel.Timeout;

    /// <summary>Sends a set command, then reads <c>ERR?</c>.</summary>
    public async Task SetAsync(string command, CancellationToken cancellationToken)
    {
        await channel.SendAsync(command, cancellationToken).ConfigureAwait(false);
        int error = await ErrorAsync(command, cancellationToken).ConfigureAwait(false);
        if (error != GcsErrors.None)
        {
            throw new DeviceFaultException(Device, command, $"ERR? {error}", $"error {error}: {GcsErrors.Describe(error)}");
        }
    }

    /// <summary>The value of an <c>axis=value</c> reply (multi-line replies are read whole; the line for this axis is taken).</summary>
    public Task<string> QueryAxisAsync(string command, CancellationToken cancellationToken) => QueryValueAsync(command, axis, cancellationToken);

    /// <summary>The value of an <c>id=value</c> reply, where the id is an axis or, for <c>DIO?</c>, an output line.</summary>
    public async Task<string> QueryValueAsync(string command, string id, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> lines = await channel.QueryLinesAsync(command, GcsReply.Continues, cancellationToken).ConfigureAwait(false);
        foreach (string line in lines)
        {
            if (GcsReply.TryGetAxisValue(line, id, out string value))
            {
                return value;
            }
        }

        throw new DeviceProtocolException(Device, command, string.Join(" | ", lines), $"no '{id}=value' line in the reply (garbled, or a reply to another command?)");
    }

    public async Task<double> QueryAxisNumberAsync(string command, CancellationToken cancellationToken)
    {
        string value = await QueryAxisAsync(command, cancellationToken).ConfigureAwait(false);
        return GcsReply.TryGetNumber(value, out double number)
            ? number
            : throw new DeviceProtocolException(Device, command, $"{axis}={value}", "the value is not a number");
    }

    public async Task<bool> QueryAxisFlagAsync(string command, CancellationToken cancellationToken) =>
        await QueryAxisAsync(command, cancellationToken).ConfigureAwait(false) switch
        {
            "1" => true,
            "0" => false,
            string other => throw new DeviceProtocolException(Device, command, $"{axis}={other}", "expected 0 or 1"),
        };

    /// <summary>The moving mask (<c>#5</c>): a hex number, bit 0 for axis 1.</summary>
    public async Task<bool> IsMovingAsync(CancellationToken cancellationToken)
    {
        string command = GcsCommands.MovingMask.ToString();
        string reply = await channel.QueryAsync(command, cancellationToken).ConfigureAwait(false);
        return int.TryParse(reply.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int mask)
            ? (mask & 1) != 0
            : throw new DeviceProtocolException(Device, command, reply, "the moving mask is not a hex number");
    }

    /// <summary>Stops at once (<c>#24</c>) and clears the "stopped" error (10) it leaves.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        string command = GcsCommands.StopAll.ToString();
        await channel.SendAsync(command, cancellationToken).ConfigureAwait(false);
        int error = await ErrorAsync(command, cancellationToken).ConfigureAwait(false);
        if (error is not (GcsErrors.None or GcsErrors.ControllerStopped))
        {
            throw new DeviceFaultException(Device, command, $"ERR? {error}", $"error {error}: {GcsErrors.Describe(error)}");
        }
    }

    public ValueTask DisposeAsync() => channel.DisposeAsync();

    private async Task<int> ErrorAsync(string after, CancellationToken cancellationToken)
    {
        string reply = await channel.QueryAsync(GcsCommands.Error, cancellationToken).ConfigureAwait(false);
        return int.TryParse(reply.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int code) && code >= 0
            ? code
            : throw new DeviceProtocolException(Device, $"{DeviceException.Printable(after)} then ERR?", reply, "ERR? did not answer with an error code");
    }
}
