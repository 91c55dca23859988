namespace XrayController.Core.Yaml;

/// <summary>Explains an unknown key: the same field in another unit, a likely misspelling, or the list of allowed keys.</summary>
internal static class KeySuggestions
{
    public static string Explain(string unknown, IReadOnlyCollection<string> allowed)
    {
        string stem = UnitNames.StemOf(unknown);
        string? sameStem = allowed.FirstOrDefault(k => k != unknown && UnitNames.StemOf(k) == stem && UnitNames.UnitOf(k) is not null);
        if (sameStem is not null)
        {
            return $"unknown key '{unknown}': this field is '{sameStem}', in {UnitNames.UnitOf(sameStem)} (units are part of the key)";
        }

        string? close = allowed
            .Select(k => (Key: k, Distance: Levenshtein(unknown, k)))
            .Where(p => p.Distance <= Math.Max(1, unknown.Length / 4))
            .OrderBy(p => p.Distance)
            .Select(p => p.Key)
            .FirstOrDefault();
        return close is not null
            ? $"unknown key '{unknown}'; did you mean '{close}'?"
            : $"unknown key '{unknown}'; allowed here: {string.Join(", ", allowed)}";
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
