using System.Globalization;

namespace XrayController.Protocols.Keithley6485;

/// <summary>
/// One <c>READ?</c> reply: <c>±d.ddddddE±ddA,±d.dddE±dd,±d.dddE±dd</c> — the current in amperes with its unit suffix,
/// the instrument's timestamp (s) and its status word. A current of <see cref="Overflow"/> means the input is over range.
/// </summary>
public readonly record struct Keithley6485Reading(double CurrentA, double TimestampS, double Status)
{
    public const double Overflow = 9.9e37;

    public bool IsOverflow => Math.Abs(CurrentA) >= Overflow;

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Signed(CurrentA, "E6")}A,{Signed(TimestampS, "E3")},{Signed(Status, "E3")}");

    public static bool TryParse(string? reply, out Keithley6485Reading reading)
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

        reading = new Keithley6485Reading(current, timestamp, status);
        return true;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Signed(double value, string format) =>
        (value < 0 ? "-" : "+") + Math.Abs(value).ToString(format, CultureInfo.InvariantCulture).Replace("E+0", "E+", StringComparison.Ordinal).Replace("E-0", "E-", StringComparison.Ordinal);
}
