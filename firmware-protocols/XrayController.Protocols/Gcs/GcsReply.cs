using System.Globalization;

namespace XrayController.Protocols.Gcs;

/// <summary>Reading GCS 2.0 replies: <c>axis=value</c> lines, multi-line replies (every line but the last ends with a space), error codes.</summary>
public static class GcsReply
{
    /// <summary>True when the reply continues on the next line (GCS 2.0 manual, "Syntax": a space before the LF).</summary>
    public static bool Continues(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.EndsWith(' ');
    }

    /// <summary>The value of <c>axis=value</c> for the given axis; false when the line is for another axis or is not of that form.</summary>
    public static bool TryGetAxisValue(string line, string axis, out string value)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(axis);
        value = string.Empty;
        int equals = line.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !line.AsSpan(0, equals).Trim().SequenceEqual(axis))
        {
            return false;
        }

        value = line[(equals + 1)..].Trim();
        return value.Length > 0;
    }

    public static bool TryGetNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static string AxisValue(string axis, string value) => $"{axis}={value}";
}

/// <summary>The GCS error codes this subset produces or understands (C-863 user manual, "Error codes").</summary>
public static class GcsErrors
{
    public const int None = 0;
    public const int ParameterSyntax = 1;
    public const int UnknownCommand = 2;
    public const int UnallowableMove = 5;
    public const int PositionOutOfLimits = 7;
    public const int ControllerStopped = 10;
    public const int InvalidAxis = 15;

    public static string Describe(int code) => code switch
    {
        None => "no error",
        ParameterSyntax => "parameter syntax error",
        UnknownCommand => "unknown command",
        UnallowableMove => "unallowable move attempted on unreferenced axis, or move while servo off",
        PositionOutOfLimits => "position out of limits",
        ControllerStopped => "controller was stopped by command",
        InvalidAxis => "invalid axis identifier",
        _ => "controller error",
    };
}
