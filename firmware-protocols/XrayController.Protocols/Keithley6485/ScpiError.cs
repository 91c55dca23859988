using System.Globalization;

namespace XrayController.Protocols.Keithley6485;

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
