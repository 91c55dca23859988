using System.Globalization;

namespace XrayController.Protocols.Isovolt;

/// <summary>
/// The X-ray tube controller's command subset of <c>isovolt-tube.md</c>: two-letter commands, a colon and a six-digit
/// argument for the set commands; LF after each command, CR after each reply.
/// </summary>
public static class IsovoltCommands
{
    public const string Identify = "ID";
    public const string ActualVoltage = "VA";
    public const string ActualCurrent = "CA";
    public const string Error = "ER";
    public const string TubeStatus = "TS";

    /// <summary>The largest value of a six-digit argument.</summary>
    public const int MaxArgument = 999_999;

    /// <summary><c>SV:nnnnnn</c>: the voltage set point in volts.</summary>
    public static string SetVoltage(double kv) => Argument("SV", kv * 1000);

    /// <summary><c>SC:nnnnnn</c>: the current set point in microamperes.</summary>
    public static string SetCurrent(double microamperes) => Argument("SC", microamperes);

    /// <summary><c>HV:1</c> or <c>HV:0</c>: high voltage (X-rays) on or off.</summary>
    public static string HighVoltage(bool on) => on ? "HV:1" : "HV:0";

    /// <summary>A command with its six-digit argument, or null when the text is not one of the form <c>XX:nnnnnn</c> or <c>HV:0|1</c>.</summary>
    public static (string Command, int Value)? ParseSet(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < 4 || text[2] != ':' || !char.IsAsciiLetterUpper(text[0]) || !char.IsAsciiLetterUpper(text[1]))
        {
            return null;
        }

        string digits = text[3..];
        return digits.Length is >= 1 and <= 6 && digits.All(char.IsAsciiDigit) ? (text[..2], int.Parse(digits, CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>A reply <c>XX:nnnnnn</c> to the query <paramref name="query"/>: its value, or null when it is not one.</summary>
    public static int? ParseReply(string? reply, string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return reply is not null && reply.StartsWith(query + ":", StringComparison.Ordinal) && ParseSet(reply) is { } parsed ? parsed.Value : null;
    }

    public static string Reply(string query, int value) => string.Create(CultureInfo.InvariantCulture, $"{query}:{value:D6}");

    private static string Argument(string command, double value)
    {
        long rounded = (long)Math.Round(value);
        return rounded is < 0 or > MaxArgument
            ? throw new ArgumentOutOfRangeException(nameof(value), value, $"{command} takes 0 to {MaxArgument}")
            : string.Create(CultureInfo.InvariantCulture, $"{command}:{rounded:D6}");
    }
}

/// <summary>The controller's tube states (<c>TS</c>) and error codes (<c>ER</c>).</summary>
public static class IsovoltStates
{
    public const int Off = 0;
    public const int WarmingUp = 1;
    public const int Ready = 2;
    public const int InterlockOpen = 3;

    public const int NoError = 0;
    public const int ErrorInterlock = 1;
    public const int ErrorOutOfRange = 3;
    public const int ErrorUnknownCommand = 5;

    public static string Describe(int error) => error switch
    {
        NoError => "no error",
        ErrorInterlock => "interlock open: high voltage refused or switched off",
        ErrorOutOfRange => "set point out of the tube's range",
        ErrorUnknownCommand => "unknown command",
        _ => $"controller error {error}",
    };
}
