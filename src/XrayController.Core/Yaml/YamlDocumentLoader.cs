using XrayController.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Yaml;

/// <summary>Parses YAML (and JSON, which is a subset of the YAML YamlDotNet reads) into nodes that keep their line and column.</summary>
internal static class YamlDocumentLoader
{
    public static YamlNode? Load(string text, DiagnosticBag diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            diagnostics.Error(new SourceLocation(ToInt(e.Start.Line), ToInt(e.Start.Column)), string.Empty, $"not valid YAML: {Clean(e.Message)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (instead of YamlException) on some malformed flow collections.
            diagnostics.Error(LocationOf(parser), string.Empty, "not valid YAML near here (is a [ or { left unclosed?)");
            return null;
        }
        catch (ArgumentException)
        {
            // And its node loader this, on an event it cannot place (found by fuzzing: a tag or anchor where a node should start).
            diagnostics.Error(LocationOf(parser), string.Empty, "not valid YAML near here (a node cannot start here)");
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            diagnostics.Error(new SourceLocation(1, 1), string.Empty, stream.Documents.Count == 0 ? "the file is empty" : "the file holds more than one YAML document; put one plan per file");
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    public static SourceLocation LocationOf(YamlNode node) => new(ToInt(node.Start.Line), ToInt(node.Start.Column));

    private static SourceLocation LocationOf(IParser parser) =>
        parser.Current is { } current ? new SourceLocation(ToInt(current.Start.Line), ToInt(current.Start.Column)) : SourceLocation.None;

    private static int ToInt(long value) => (int)Math.Clamp(value, 0, int.MaxValue);

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: a, Col: b, Idx: c) - (Line: …): "; we print the position ourselves.
        int cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith('(') ? message[(cut + 3)..] : message;
    }
}
