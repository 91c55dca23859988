using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Yaml;

/// <summary>
/// Reads the keys of one YAML mapping. Each key taken is marked as known; <see cref="ReportUnknownKeys"/> then
/// reports every key nobody asked for, with a suggestion (a key in another unit, a likely misspelling).
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlReadContext _context;
    private readonly YamlMappingNode _node;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _allowed = [];

    public MappingReader(YamlReadContext context, YamlMappingNode node, string path)
    {
        _context = context;
        _node = node;
        Path = path;
        foreach ((YamlNode key, YamlNode value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                _entries[name] = (key, value);
            }
            else
            {
                context.Error(key, path, "keys must be plain names");
            }
        }
    }

    public string Path { get; }

    public YamlNode Node => _node;

    public YamlReadContext Context => _context;

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>Marks <paramref name="key"/> as allowed and returns its value node, or null (with an error when required) if absent.</summary>
    public YamlNode? Take(string key, bool required = false)
    {
        if (!_allowed.Contains(key))
        {
            _allowed.Add(key);
        }

        string path = YamlReadContext.Child(Path, key);
        if (_entries.TryGetValue(key, out (YamlNode Key, YamlNode Value) entry))
        {
            _context.Record(entry.Key, path);
            return entry.Value;
        }

        if (required)
        {
            _context.Error(_node, path, "is required");
        }

        return null;
    }

    public string? String(string key, bool required = false) =>
        Take(key, required) is { } node ? _context.String(node, YamlReadContext.Child(Path, key)) : null;

    public double? Number(string key, bool required = false) =>
        Take(key, required) is { } node ? _context.Number(node, YamlReadContext.Child(Path, key)) : null;

    /// <summary>A number that must be &gt; 0; an error (and null) otherwise.</summary>
    public double? Positive(string key, bool required = false) => Bounded(key, required, v => v > 0, "must be > 0");

    /// <summary>A number that must be ≥ 0; an error (and null) otherwise.</summary>
    public double? NonNegative(string key, bool required = false) => Bounded(key, required, v => v >= 0, "must be ≥ 0");

    public int? Integer(string key, bool required = false) =>
        Take(key, required) is { } node ? _context.Integer(node, YamlReadContext.Child(Path, key)) : null;

    public bool? Boolean(string key, bool required = false) =>
        Take(key, required) is { } node ? _context.Boolean(node, YamlReadContext.Child(Path, key)) : null;

    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> names, bool required = false)
        where T : struct =>
        Take(key, required) is { } node ? _context.Choice(node, YamlReadContext.Child(Path, key), names) : null;

    public MappingReader? Mapping(string key, bool required = false) =>
        Take(key, required) is { } node ? _context.Mapping(node, YamlReadContext.Child(Path, key)) : null;

    public IReadOnlyList<YamlNode>? Sequence(string key, bool required = false) =>
        Take(key, required) is { } node ? _context.Sequence(node, YamlReadContext.Child(Path, key)) : null;

    /// <summary>Reads a list of numbers, reporting each bad item at its own position.</summary>
    public IReadOnlyList<double>? Numbers(string key, bool required = false)
    {
        IReadOnlyList<YamlNode>? items = Sequence(key, required);
        if (items is null)
        {
            return null;
        }

        string path = YamlReadContext.Child(Path, key);
        var values = new List<double>(items.Count);
        bool ok = true;
        for (int i = 0; i < items.Count; i++)
        {
            double? value = _context.Number(items[i], YamlReadContext.Item(path, i));
            ok &= value is not null;
            values.Add(value ?? double.NaN);
        }

        return ok ? values : null;
    }

    /// <summary>Reports an error at <paramref name="key"/> (or at this mapping when the key is empty or absent).</summary>
    public void Fail(string key, string message)
    {
        string path = key.Length == 0 ? Path : YamlReadContext.Child(Path, key);
        _context.Diagnostics.Error(_context.Map.Find(path), path, message);
    }

    /// <summary>Reports keys present in the mapping that no read asked for. Call after reading every known key.</summary>
    public void ReportUnknownKeys()
    {
        foreach ((string name, (YamlNode key, _)) in _entries)
        {
            if (!_allowed.Contains(name))
            {
                _context.Error(key, YamlReadContext.Child(Path, name), KeySuggestions.Explain(name, _allowed));
            }
        }
    }

    /// <summary>Reports an error when both or neither of two alternative key sets are present.</summary>
    public bool ExactlyOneOf(string formA, string formB, bool formAPresent, bool formBPresent)
    {
        if (formAPresent == formBPresent)
        {
            _context.Error(_node, Path, formAPresent
                ? $"give either {formA} or {formB}, not both"
                : $"give either {formA} or {formB}");
            return false;
        }

        return true;
    }

    private double? Bounded(string key, bool required, Func<double, bool> isValid, string message)
    {
        double? value = Number(key, required);
        if (value is { } v && !isValid(v))
        {
            Fail(key, message);
            return null;
        }

        return value;
    }
}
