namespace XrayController.Core.Yaml;

/// <summary>Explains an unknown key: the same field in another unit, a likely misspelling, or the list of allowed keys.</summary>
public static class KeySuggestions
{
    public static string Explain(string unknown, IReadOnlyCollection<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        string stem = UnitNames.StemOf(unknown);
        string? sameStem = allowed.FirstOrDefault(k => k != unknown && UnitNames.StemOf(k) == stem && UnitNames.UnitOf(k) is not null);
        if (sameStem is not null)
        {
            return $"unknown key '{unknown}': this field is '{sameStem}', in {UnitNames.UnitOf(sameStem)} (units are part of the key)";
        }

        string? close = Closest(unknown, allowed);
        return close is not null
            ? $"unknown key '{unknown}'; did you mean '{close}'?"
            : $"unknown key '{unknown}'; allowed here: {string.Join(", ", allowed)}";
    }

    /// <summary>The allowed key <paramref name="unknown"/> is most likely a slip for (at most one edit in four letters), or null.</summary>
    public static string? Closest(string unknown, IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        return allowed
            .Select(k => (Key: k, Distance: Distance(unknown, k)))
            .Where(p => p.Distance <= Math.Max(1, unknown.Length / 4))
            .OrderBy(p => p.Distance)
            .Select(p => p.Key)
            .FirstOrDefault();
    }

    /// <summary>
    /// The edits (insertion, deletion, substitution, or swapping two neighbouring letters) that turn <paramref name="a"/>
    /// into <paramref name="b"/>: the optimal string alignment distance, so that a swapped pair such as fltas for flats
    /// counts as the one slip it is.
    /// </summary>
    internal static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
