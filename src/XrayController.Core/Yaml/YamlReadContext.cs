using System.Globalization;
using System.Text.RegularExpressions;
using XrayController.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Yaml;

/// <summary>
/// Reads typed values out of YAML nodes, recording each node's location under its field path and reporting
/// every type error into the bag (the reader never stops at the first error).
/// </summary>
internal sealed partial class YamlReadContext(DiagnosticBag diagnostics, SourceMap map)
{
    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public SourceMap Map { get; } = map;

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Item(string path, int index) => $"{path}[{index}]";

    public void Error(YamlNode node, string path, string message) =>
        Diagnostics.Error(YamlDocumentLoader.LocationOf(node), path, message);

    public void Record(YamlNode node, string path) => Map.Record(path, YamlDocumentLoader.LocationOf(node));

    public MappingReader? Mapping(YamlNode node, string path)
    {
        Record(node, path);
        if (node is YamlMappingNode mapping)
        {
            return new MappingReader(this, mapping, path);
        }

        Error(node, path, "must be a mapping of keys to values");
        return null;
    }

    public IReadOnlyList<YamlNode>? Sequence(YamlNode node, string path)
    {
        Record(node, path);
        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children];
        }

        Error(node, path, "must be a list, e.g. [a, b]");
        return null;
    }

    public string? String(YamlNode node, string path)
    {
        Record(node, path);
        if (node is YamlScalarNode { Value: { Length: > 0 } value } scalar && !IsNull(scalar))
        {
            return value;
        }

        Error(node, path, node is YamlScalarNode ? "has no value" : "must be a single value, not a list or mapping");
        return null;
    }

    public double? Number(YamlNode node, string path)
    {
        Record(node, path);
        if (node is not YamlScalarNode scalar || IsNull(scalar))
        {
            Error(node, path, node is YamlScalarNode ? "has no value" : "must be a number, not a list or mapping");
            return null;
        }

        string text = scalar.Value ?? string.Empty;
        if (scalar.Style == ScalarStyle.Plain
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            if (double.IsFinite(value))
            {
                return value;
            }

            Error(node, path, $"must be a finite number; got '{text}'");
            return null;
        }

        string leaf = path[(path.LastIndexOf('.') + 1)..];
        string? unit = UnitNames.UnitOf(leaf.Split('[')[0]);
        if (NumberWithUnit().IsMatch(text))
        {
            Error(node, path, $"write a plain number: the unit is part of the key{(unit is null ? string.Empty : $" ('{leaf.Split('[')[0]}' is in {unit})")}; got '{text}'");
        }
        else
        {
            Error(node, path, $"must be a number{(unit is null ? string.Empty : $" in {unit}")}; got '{text}'{(scalar.Style == ScalarStyle.Plain ? string.Empty : " (quoted, so a string)")}");
        }

        return null;
    }

    public int? Integer(YamlNode node, string path)
    {
        double? value = Number(node, path);
        if (value is null)
        {
            return null;
        }

        if (value.Value != Math.Floor(value.Value) || Math.Abs(value.Value) > int.MaxValue)
        {
            Error(node, path, $"must be a whole number; got {value.Value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return (int)value.Value;
    }

    public bool? Boolean(YamlNode node, string path)
    {
        Record(node, path);
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        Error(node, path, $"must be true or false; got '{(node as YamlScalarNode)?.Value ?? node.NodeType.ToString()}'");
        return null;
    }

    /// <summary>Reads one of a fixed set of names (<c>step</c>, <c>fly</c>) into its enum value.</summary>
    public T? Choice<T>(YamlNode node, string path, IReadOnlyDictionary<string, T> names)
        where T : struct
    {
        string? text = String(node, path);
        if (text is null)
        {
            return null;
        }

        if (names.TryGetValue(text, out T value))
        {
            return value;
        }

        Error(node, path, $"'{text}' is not one of: {string.Join(", ", names.Keys)}");
        return null;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    [GeneratedRegex(@"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*[^\d\s.+-].*$")]
    private static partial Regex NumberWithUnit();
}
