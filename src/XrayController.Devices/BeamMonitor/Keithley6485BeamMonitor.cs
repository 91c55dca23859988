using XrayController.Core.Devices;
using XrayController.Devices.Errors;
using XrayController.Devices.Transports;
using XrayController.Protocols.Scpi;

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
        await channel.SendAsync(PicoammeterCommands.Reset, cancellationToken).ConfigureAwait(false);
        await channel.SendAsync(PicoammeterCommands.ZeroCheckOff, cancellationToken).ConfigureAwait(false);
        await channel.SendAsync(PicoammeterCommands.AutoRangeOn, cancellationToken).ConfigureAwait(false);
        string identity = await channel.QueryAsync(PicoammeterCommands.Identify, cancellationToken).ConfigureAwait(false);
        if (!identity.Contains("MODEL 648", StringComparison.Ordinal))
        {
            throw new DeviceProtocolException(channel.Device, PicoammeterCommands.Identify, identity, "not a Keithley 6485/6487 picoammeter");
        }

        await monitor.CheckErrorsAsync("set-up", cancellationToken).ConfigureAwait(false);
        return monitor;
    }

    public async Task<double> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        string reply = await _channel.QueryAsync(PicoammeterCommands.Read, cancellationToken).ConfigureAwait(false);
        if (!PicoammeterReading.TryParse(reply, out PicoammeterReading reading))
        {
            throw new DeviceProtocolException(_channel.Device, PicoammeterCommands.Read, reply, "expected <current>A,<timestamp>,<status>");
        }

        return reading.IsOverflow
            ? throw new DeviceFaultException(_channel.Device, PicoammeterCommands.Read, reply, "the input is over range")
            : reading.CurrentA;
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();

    private async Task CheckErrorsAsync(string after, CancellationToken cancellationToken)
    {
        string reply = await _channel.QueryAsync(PicoammeterCommands.NextError, cancellationToken).ConfigureAwait(false);
        if (!ScpiError.TryParse(reply, out ScpiError error))
        {
            throw new DeviceProtocolException(_channel.Device, PicoammeterCommands.NextError, reply, "expected <code>,\"<message>\"");
        }

        if (error.Code != 0)
        {
            throw new DeviceFaultException(_channel.Device, PicoammeterCommands.NextError, reply, $"error {error.Code} after the {after}: {error.Message}");
        }
    }
}
