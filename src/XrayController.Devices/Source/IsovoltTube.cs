using System.Globalization;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Devices.Errors;
using XrayController.Devices.Transports;
using XrayController.Protocols.Isovolt;

namespace XrayController.Devices.Source;

/// <summary>
/// A laboratory X-ray tube on an ISOVOLT-style controller (<c>isovolt-tube.md</c>). Connecting checks the identity,
/// switches high voltage off and reads the error register. Set points are checked against the profile's tube (kV range,
/// current, power) before they are sent; every set command is followed by <c>ER</c>. Switching on waits, polling
/// <c>TS</c>, until the controller reports the tube ready — after its warm-up when the tube is cold.
/// </summary>
public sealed class IsovoltTube : IXraySource, IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(0.1);
    private static readonly TimeSpan ReadyMargin = TimeSpan.FromSeconds(10);

    private readonly CommandChannel _channel;
    private readonly SourceProfile _tube;
    private readonly TimeProvider _time;

    private IsovoltTube(CommandChannel channel, SourceProfile tube, TimeProvider time)
    {
        _channel = channel;
        _tube = tube;
        _time = time;
    }

    public static async Task<IsovoltTube> ConnectAsync(CommandChannel channel, SourceProfile tube, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(tube);
        string identity = await channel.QueryAsync(IsovoltCommands.Identify, cancellationToken).ConfigureAwait(false);
        if (!identity.Contains("ISOVOLT", StringComparison.Ordinal))
        {
            throw new DeviceProtocolException(channel.Device, IsovoltCommands.Identify, identity, "not an ISOVOLT tube controller");
        }

        var driver = new IsovoltTube(channel, tube, time);
        await driver.SetAsync(IsovoltCommands.HighVoltage(false), cancellationToken).ConfigureAwait(false);
        return driver;
    }

    public async Task SetOperatingPointAsync(double voltageKv, double currentUa, CancellationToken cancellationToken)
    {
        if (voltageKv < _tube.MinKv || voltageKv > _tube.MaxKv || currentUa <= 0 || currentUa > _tube.MaxUa || voltageKv * currentUa / 1000 > _tube.MaxPowerW)
        {
            throw new ArgumentOutOfRangeException(
                nameof(voltageKv),
                string.Create(CultureInfo.InvariantCulture, $"{voltageKv} kV, {currentUa} µA is outside the tube's {_tube.MinKv}–{_tube.MaxKv} kV, {_tube.MaxUa} µA, {_tube.MaxPowerW} W"));
        }

        await SetAsync(IsovoltCommands.SetVoltage(voltageKv), cancellationToken).ConfigureAwait(false);
        await SetAsync(IsovoltCommands.SetCurrent(currentUa), cancellationToken).ConfigureAwait(false);
    }

    public async Task SetBeamOnAsync(bool on, CancellationToken cancellationToken)
    {
        string command = IsovoltCommands.HighVoltage(on);
        await SetAsync(command, cancellationToken).ConfigureAwait(false);
        if (!on)
        {
            return;
        }

        long start = _time.GetTimestamp();
        while (true)
        {
            // The deadline is judged by when the query left, not when its reply was read: a slow host must not fail a
            // tube that was still within its warm-up when it was asked.
            TimeSpan asked = _time.GetElapsedTime(start);
            int state = await QueryAsync(IsovoltCommands.TubeStatus, cancellationToken).ConfigureAwait(false);
            switch (state)
            {
                case IsovoltStates.Ready:
                    return;
                case IsovoltStates.WarmingUp when asked < TimeSpan.FromSeconds(_tube.WarmUpS) + ReadyMargin:
                    await _time.DelayAsync(Poll, cancellationToken).ConfigureAwait(false);
                    break;
                case IsovoltStates.WarmingUp:
                    throw new DeviceFaultException(_channel.Device, command, "TS:000001", $"the tube is still warming up after {_tube.WarmUpS} s and a {ReadyMargin.TotalSeconds} s margin");
                default:
                    throw new DeviceFaultException(_channel.Device, command, IsovoltCommands.Reply(IsovoltCommands.TubeStatus, state), state == IsovoltStates.InterlockOpen ? "the tube's interlock is open" : "high voltage did not come on");
            }
        }
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();

    private async Task SetAsync(string command, CancellationToken cancellationToken)
    {
        await _channel.SendAsync(command, cancellationToken).ConfigureAwait(false);
        int error = await QueryAsync(IsovoltCommands.Error, cancellationToken).ConfigureAwait(false);
        if (error != IsovoltStates.NoError)
        {
            throw new DeviceFaultException(_channel.Device, command, IsovoltCommands.Reply(IsovoltCommands.Error, error), IsovoltStates.Describe(error));
        }
    }

    private async Task<int> QueryAsync(string query, CancellationToken cancellationToken)
    {
        string reply = await _channel.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        return IsovoltCommands.ParseReply(reply, query) ?? throw new DeviceProtocolException(_channel.Device, query, reply, $"expected {query}:nnnnnn");
    }
}
