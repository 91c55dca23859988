using System.Globalization;

namespace XrayController.Protocols.Gcs;

/// <summary>
/// The commands of the PI GCS 2.0 subset in <c>pi-gcs2.md</c>. Line commands end with LF; the single-character
/// commands (<c>#5</c>, <c>#7</c>) are one byte with that code and no terminator (GCS 2.0 manual, "Single-character commands").
/// </summary>
public static class GcsCommands
{
    /// <summary>Byte 5: moving bit mask, one hex digit per axis bit.</summary>
    public const char MovingMask = '\u0005';

    /// <summary>Byte 7: controller ready, answered 0xB1 (ready) or 0xB0 (busy).</summary>
    public const char ControllerReady = '\u0007';

    /// <summary>Byte 24: stop all axes at once (sets error 10).</summary>
    public const char StopAll = '\u0018';

    public const char Ready = '\u00B1';
    public const char Busy = '\u00B0';

    public static string Identify => "*IDN?";

    public static string Error => "ERR?";

    public static string Move(string axis, double position) => $"MOV {axis} {Number(position)}";

    public static string Position(string axis) => $"POS? {axis}";

    public static string OnTarget(string axis) => $"ONT? {axis}";

    public static string ServoOn(string axis) => $"SVO {axis} 1";

    public static string Reference(string axis) => $"FRF {axis}";

    public static string IsReferenced(string axis) => $"FRF? {axis}";

    public static string Velocity(string axis, double speed) => $"VEL {axis} {Number(speed)}";

    /// <summary>Sets a digital output line high or low (GCS <c>DIO</c>).</summary>
    public static string DigitalOutput(string line, bool high) => $"DIO {line} {(high ? 1 : 0)}";

    public static string DigitalOutputState(string line) => $"DIO? {line}";

    public static string Number(double value) => value.ToString("0.#########", CultureInfo.InvariantCulture);
}
