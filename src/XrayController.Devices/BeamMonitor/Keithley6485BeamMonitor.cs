using XrayController.Core.Devices;
using XrayController.Devices.Errors;
using XrayController.Devices.Transports;
using XrayController.Protocols.Keithley6485;

namespace XrayController.Devices.BeamMonitor;

/// <summary>
/// A Keithley 6485/6487-style picoammeter reading an ion chamber (or the ring current) over SCPI. Connecting resets it,
/// turns zero check off (a reset leaves the input shunted, reading zero), selects auto-range, checks the identity and
/// that the error queue is empty; every reading is one <c>READ?</c>. SCPI set commands have no reply, so errors are
/// read from <c>SYST:ERR?</c>.
/// </summary>
public sealed class Keithley6485BeamMonitor : IBeamMonitor, IAsyncDisposable
{
    private readonly CommandChannel _channel;

    private Keithley6485BeamMonitor(CommandChannel channel)
    {
        _channel = channel;
    }

    public static async Task<Keithley6485BeamMonitor> ConnectAsync(CommandChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var monitor = new Keithley6485BeamMonitor(channel);
        await channel.SendAsync(Keithley6485Commands.Reset, cancellationToken).ConfigureAwait(false);
        await channel.SendAsync(Keithley6485Commands.ZeroCheckOff, cancellationToken).ConfigureAwait(false);
        await channel.SendAsync(Keithley6485Commands.AutoRangeOn, cancellationToken).ConfigureAwait(false);
        string identity = await channel.QueryAsync(Keithley6485Commands.Identify, cancellationToken).ConfigureAwait(false);
        if (!identity.Contains("MODEL 648", StringComparison.Ordinal))
        {
            throw new DeviceProtocolException(channel.Device, Keithley6485Commands.Identify, identity, "not a Keithley 6485/6487 picoammeter");
        }

        await monitor.CheckErrorsAsync("set-up", cancellationToken).ConfigureAwait(false);
        return monitor;
    }

    public async Task<double> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        string reply = await _channel.QueryAsync(Keithley6485Commands.Read, cancellationToken).ConfigureAwait(false);
        if (!Keithley6485Reading.TryParse(reply, out Keithley6485Reading reading))
        {
            throw new DeviceProtocolException(_channel.Device, Keithley6485Commands.Read, reply, "expected <current>A,<timestamp>,<status>");
        }

        return reading.IsOverflow
            ? throw new DeviceFaultException(_channel.Device, Keithley6485Commands.Read, reply, "the input is over range")
            : reading.CurrentA;
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();

    private async Task CheckErrorsAsync(string after, CancellationToken cancellationToken)
    {
        string reply = await _channel.QueryAsync(Keithley6485Commands.NextError, cancellationToken).ConfigureAwait(false);
        if (!ScpiError.TryParse(reply, out ScpiError error))
        {
            throw new DeviceProtocolException(_channel.Device, Keithley6485Commands.NextError, reply, "expected <code>,\"<message>\"");
        }

        if (error.Code != 0)
        {
            throw new DeviceFaultException(_channel.Device, Keithley6485Commands.NextError, reply, $"error {error.Code} after the {after}: {error.Message}");
        }
    }
}
