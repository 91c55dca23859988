using System.Globalization;
using XrayController.Core.Devices;
using XrayController.Core.Timing;
using XrayController.Devices.Errors;
using XrayController.Devices.Gcs;
using XrayController.Protocols.Gcs;

namespace XrayController.Devices.Shutter;

/// <summary>
/// A pneumatic beam shutter driven by a digital output line of a PI GCS controller (<c>DIO line 0|1</c>): the line is
/// set, the actuation time is waited, and the line is read back (<c>DIO? line</c>) to confirm.
/// </summary>
public sealed class GcsDigitalOutputShutter(GcsController controller, int line, double actuationS, TimeProvider time) : IShutter, IAsyncDisposable
{
    private readonly string _line = line.ToString(CultureInfo.InvariantCulture);

    public async Task SetOpenAsync(bool open, CancellationToken cancellationToken)
    {
        string command = GcsCommands.DigitalOutput(_line, open);
        await controller.SetAsync(command, cancellationToken).ConfigureAwait(false);
        await time.DelayAsync(TimeSpan.FromSeconds(actuationS), cancellationToken).ConfigureAwait(false);
        if (await IsOpenAsync(cancellationToken).ConfigureAwait(false) != open)
        {
            throw new DeviceFaultException(controller.Device, command, null, $"the shutter line did not read back {(open ? "open" : "closed")}");
        }
    }

    public async Task<bool> IsOpenAsync(CancellationToken cancellationToken)
    {
        string command = GcsCommands.DigitalOutputState(_line);
        string value = await controller.QueryValueAsync(command, _line, cancellationToken).ConfigureAwait(false);
        return value switch
        {
            "1" => true,
            "0" => false,
            _ => throw new DeviceProtocolException(controller.Device, command, value, "expected 0 or 1"),
        };
    }

    public ValueTask DisposeAsync() => controller.DisposeAsync();
}
