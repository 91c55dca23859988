using System.Text.Json.Nodes;

namespace XrayController.Pipelines.Reports;

/// <summary>The paths a saved summary names: strings that look like a path and, taken relative to the summary's folder, exist.</summary>
internal static class SummaryPaths
{
    /// <summary>A path has a folder separator or a file extension; names such as a plan's or an instrument's have neither.</summary>
    public static bool LooksLikePath(string text) =>
        text.Length is > 0 and < 4096 && !text.Contains('\n', StringComparison.Ordinal) && (text.Contains('/', StringComparison.Ordinal) || Path.HasExtension(text)) && !text.Contains("://", StringComparison.Ordinal);

    /// <summary>
    /// The full path <paramref name="text"/> names from <paramref name="folder"/>, or null when it is no path or nothing is
    /// there; <paramref name="page"/>, the report being built, counts as there whether it is yet or not.
    /// </summary>
    public static string? Resolve(string folder, string text, string? page = null)
    {
        if (!LooksLikePath(text))
        {
            return null;
        }

        string full = Path.GetFullPath(Path.Combine(folder, text));
        return File.Exists(full) || Directory.Exists(full) || full == page ? full : null;
    }

    /// <summary>Every string in the tree, depth first in document order.</summary>
    public static IEnumerable<string> Strings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (KeyValuePair<string, JsonNode?> property in o)
                {
                    foreach (string s in Strings(property.Value))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    foreach (string s in Strings(item))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonValue v when v.TryGetValue(out string? text):
                yield return text;
                break;
        }
    }
}
