using System.Device.Gpio;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Devices.Errors;

namespace XrayController.Devices.Safety;

/// <summary>
/// A shutter on GPIO: its command output is driven through the safety system's rules, the actuation time waited, and
/// the switches read back; a shutter whose switches do not confirm the new state is a fault naming both switches.
/// </summary>
internal sealed class GpioShutter(GpioSafetySystem safety, string name, ShutterPins pins, TimeProvider time) : IShutter
{
    public async Task SetOpenAsync(bool open, CancellationToken cancellationToken)
    {
        safety.Command(pins, open, name);
        await time.DelayAsync(TimeSpan.FromSeconds(pins.ActuationS), cancellationToken).ConfigureAwait(false);
        bool openSwitch = safety.Read(pins.OpenPin) == PinValue.High;
        bool closedSwitch = safety.Read(pins.ClosedPin) == PinValue.High;
        if (openSwitch != open || closedSwitch == open)
        {
            throw new DeviceFaultException(
                $"{name} (GPIO {pins.CommandPin})",
                open ? "open" : "close",
                $"open switch {(openSwitch ? "on" : "off")}, closed switch {(closedSwitch ? "on" : "off")}",
                $"the {name} did not confirm {(open ? "open" : "closed")} after {pins.ActuationS} s{(open && !safety.InterlockClosed ? " (the interlock opened)" : string.Empty)}");
        }
    }

    public Task<bool> IsOpenAsync(CancellationToken cancellationToken) => Task.FromResult(safety.Read(pins.OpenPin) == PinValue.High);
}
