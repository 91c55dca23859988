using System.Globalization;

namespace XrayController.Protocols.Ensemble;

/// <summary>
/// One command line of the Ensemble ASCII interface, split into its name and arguments. Two shapes exist: functions that
/// return a value, written <c>NAME(args)</c> (<c>PFBKPROG(@0)</c>), and statements, written <c>NAME arg arg …</c>
/// (<c>MOVEABS @0 12.5 F90</c>, <c>PSOCONTROL X ARM</c>). Names are case-insensitive and kept upper-case here.
/// </summary>
public sealed record EnsembleCommand(string Name, IReadOnlyList<string> Arguments, bool IsFunction)
{
    public static bool TryParse(string line, out EnsembleCommand command)
    {
        ArgumentNullException.ThrowIfNull(line);
        command = new EnsembleCommand(string.Empty, [], false);
        string text = line.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        int open = text.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && text[^1] == ')' && IsName(text.AsSpan(0, open)))
        {
            string inner = text[(open + 1)..^1];
            string[] arguments = inner.Length == 0 ? [] : [.. inner.Split(',').Select(a => a.Trim())];
            command = new EnsembleCommand(text[..open].ToUpperInvariant(), arguments, IsFunction: true);
            return arguments.All(a => a.Length > 0);
        }

        string[] tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!IsName(tokens[0]))
        {
            return false;
        }

        command = new EnsembleCommand(tokens[0].ToUpperInvariant(), tokens[1..], IsFunction: false);
        return true;
    }

    public string Format() => IsFunction
        ? $"{Name}({string.Join(",", Arguments)})"
        : Arguments.Count == 0 ? Name : $"{Name} {string.Join(" ", Arguments)}";

    private static bool IsName(ReadOnlySpan<char> token)
    {
        foreach (char c in token)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return token.Length > 0;
    }

    /// <summary>A number as the interface writes it: invariant culture, no exponent, at most 9 decimals.</summary>
    public static string Number(double value) => value.ToString("0.#########", CultureInfo.InvariantCulture);
}
