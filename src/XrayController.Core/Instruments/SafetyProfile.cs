using XrayController.Core.Yaml;

namespace XrayController.Core.Instruments;

/// <summary>A shutter on GPIO: its command output, its open and closed switch inputs, and how long it takes to move.</summary>
public sealed record ShutterPins(int CommandPin, int OpenPin, int ClosedPin, double ActuationS);

/// <summary>
/// The personnel-safety lines the controller watches and drives (a <c>safety</c> section), all on one GPIO chip: the
/// main (safety) shutter, an optional fast (exposure) shutter, the hutch door interlock (input, high while the door is
/// closed) and the X-ray-on lamp (output). These mirror the facility's hardware safety system; they never replace it.
/// </summary>
public sealed record SafetyProfile(int GpioChip, ShutterPins MainShutter, ShutterPins? FastShutter, int DoorInterlockPin, int XrayLampPin)
{
    /// <summary>Every pin the section uses, for the distinctness check.</summary>
    public IEnumerable<int> Pins =>
    [
        MainShutter.CommandPin, MainShutter.OpenPin, MainShutter.ClosedPin,
        .. FastShutter is { } fast ? (int[])[fast.CommandPin, fast.OpenPin, fast.ClosedPin] : [],
        DoorInterlockPin, XrayLampPin,
    ];
}

/// <summary>Reads a profile's <c>safety</c> section.</summary>
internal static class SafetyProfileReader
{
    private const int MaxPin = 63;

    public static SafetyProfile? Read(MappingReader? safety)
    {
        if (safety is null)
        {
            return null;
        }

        var result = new SafetyProfile(
            safety.Integer("gpio_chip") ?? 0,
            Shutter(safety.Mapping("main_shutter", required: true)),
            safety.Mapping("fast_shutter") is { } fast ? Shutter(fast) : null,
            Pin(safety, "door_interlock_pin"),
            Pin(safety, "xray_lamp_pin"));
        if (result.GpioChip < 0)
        {
            safety.Fail("gpio_chip", "must be ≥ 0");
        }

        if (result.Pins.GroupBy(p => p).FirstOrDefault(g => g.Count() > 1) is { } shared)
        {
            safety.Fail(string.Empty, $"GPIO {shared.Key} is used for more than one line; every line needs a pin of its own");
        }

        safety.ReportUnknownKeys();
        return result;
    }

    private static ShutterPins Shutter(MappingReader? shutter)
    {
        if (shutter is null)
        {
            return new ShutterPins(0, 0, 0, 0);
        }

        var result = new ShutterPins(Pin(shutter, "command_pin"), Pin(shutter, "open_pin"), Pin(shutter, "closed_pin"), shutter.NonNegative("actuation_s", required: true) ?? 0);
        shutter.ReportUnknownKeys();
        return result;
    }

    private static int Pin(MappingReader section, string key)
    {
        int pin = section.Integer(key, required: true) ?? 0;
        if (pin is < 0 or > MaxPin)
        {
            section.Fail(key, $"must be a GPIO line number, 0 to {MaxPin}");
        }

        return pin;
    }
}
