using System.Globalization;

namespace XrayController.Protocols.Scpi;

/// <summary>The SCPI commands of the Keithley 6485/6487 subset in <c>keithley-6485.md</c>.</summary>
public static class PicoammeterCommands
{
    public const string Identify = "*IDN?";
    public const string Reset = "*RST";
    public const string ZeroCheckOff = "SYST:ZCH OFF";
    public const string AutoRangeOn = "RANG:AUTO ON";
    public const string Read = "READ?";
    public const string NextError = "SYST:ERR?";
}

/// <summary>
/// One <c>READ?</c> reply: <c>±d.ddddddE±ddA,±d.dddE±dd,±d.dddE±dd</c> — the current in amperes with its unit suffix,
/// the instrument's timestamp (s) and its status word. A current of <see cref="Overflow"/> means the input is over range.
/// </summary>
public readonly record struct PicoammeterReading(double CurrentA, double TimestampS, double Status)
{
    public const double Overflow = 9.9e37;

    public bool IsOverflow => Math.Abs(CurrentA) >= Overflow;

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Signed(CurrentA, "E6")}A,{Signed(TimestampS, "E3")},{Signed(Status, "E3")}");

    public static bool TryParse(string? reply, out PicoammeterReading reading)
    {
        reading = default;
        string[] fields = reply?.Split(',') ?? [];
        if (fields.Length != 3 || !fields[0].EndsWith('A')
            || !TryNumber(fields[0][..^1], out double current)
            || !TryNumber(fields[1], out double timestamp)
            || !TryNumber(fields[2], out double status))
        {
            return false;
        }

        reading = new PicoammeterReading(current, timestamp, status);
        return true;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Signed(double value, string format) =>
        (value < 0 ? "-" : "+") + Math.Abs(value).ToString(format, CultureInfo.InvariantCulture).Replace("E+0", "E+", StringComparison.Ordinal).Replace("E-0", "E-", StringComparison.Ordinal);
}

/// <summary>One <c>SYST:ERR?</c> reply: <c>code,"message"</c>; code 0 is "No error".</summary>
public readonly record struct ScpiError(int Code, string Message)
{
    public static ScpiError None { get; } = new(0, "No error");

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Code},\"{Message}\"");

    public static bool TryParse(string? reply, out ScpiError error)
    {
        error = default;
        int comma = reply?.IndexOf(',', StringComparison.Ordinal) ?? -1;
        if (comma <= 0 || reply!.Length < comma + 3 || reply[comma + 1] != '"' || reply[^1] != '"'
            || !int.TryParse(reply.AsSpan(0, comma), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code))
        {
            return false;
        }

        error = new ScpiError(code, reply[(comma + 2)..^1]);
        return true;
    }
}
