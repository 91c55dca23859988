using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Reports;

/// <summary>
/// The HTML report of a saved summary (<see cref="ScanReport"/>): the summary as printed, every PNG figure it names
/// embedded, its values as tables with units read from the keys (<c>_s</c>, <c>_um</c>, <c>_ev</c> …) and rounded,
/// links to every output, and, for a scan, the plan and instrument profile its file records. It is built from the
/// folder's files alone, so that rebuilding it gives the same page.
/// </summary>
public static class ReportPage
{
    /// <summary>Key endings that carry a unit, longest first: the ending, the label's end and the unit shown.</summary>
    private static readonly (string Suffix, string Unit)[] Units =
    [
        ("_ms_per_angle", "ms per angle"), ("_per_mm", "1/mm"), ("_um", "µm"), ("_mm", "mm"), ("_ev", "eV"),
        ("_ms", "ms"), ("_s", "s"), ("_px", "px"), ("_gb", "GB"), ("_bytes", "bytes"), ("_deg", "°"),
    ];

    public static string Build(string summaryPath)
    {
        var place = new Place(Path.GetDirectoryName(Path.GetFullPath(summaryPath))!, Path.GetFullPath(ScanReport.ReportPath(summaryPath)));
        JsonObject summary = Read(summaryPath);
        string title = Title(summary, summaryPath);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Escape(title)).Append("</title>\n<style>\n")
            .Append(Style).Append("</style>\n</head>\n<body>\n<h1>").Append(Escape(title)).Append("</h1>\n");
        if (summary["text"] is JsonValue text && text.TryGetValue(out string? lines))
        {
            html.Append("<pre class=\"text\">").Append(Escape(lines)).Append("</pre>\n");
        }

        AppendFigures(html, summary, place);
        html.Append("<h2>Summary</h2>\n");
        AppendSummary(html, summary, place);
        AppendOutputs(html, summary, place);
        AppendOrigin(html, summary, place);
        html.Append("<footer>Made by XrayController from ").Append(Escape(Path.GetFileName(summaryPath)))
            .Append("; <code>xrayctl report ").Append(Escape(Path.GetFileName(place.Folder))).Append("</code> rebuilds it.</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The saved summary; one that is not a JSON object is refused naming the file (and the line where it breaks).</summary>
    internal static JsonObject Read(string summaryPath)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(summaryPath)) as JsonObject ?? throw new InvalidDataException($"{summaryPath}: a summary is a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{summaryPath}:{e.LineNumber + 1}: not valid JSON ({e.Message})", e);
        }
    }

    private static string Title(JsonObject summary, string summaryPath)
    {
        string name = Path.GetFileName(summaryPath)[..^ScanReport.SummarySuffix.Length];
        string? status = Text(summary["status"]);
        return Text(summary["plan"]) is { } plan
            ? $"Scan {plan}{(status is null ? string.Empty : " — " + status)} ({name})"
            : Text(summary["analysis"]) is { } analysis ? $"{analysis} analysis ({name})" : $"{name}{(status is null ? string.Empty : " — " + status)}";
    }

    private static void AppendFigures(StringBuilder html, JsonObject summary, Place place)
    {
        string[] figures = [.. SummaryPaths.Strings(summary).Select(s => place.Resolve(s)).OfType<string>()
            .SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p])
            .Where(p => p.EndsWith(".png", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal)];
        if (figures.Length == 0)
        {
            return;
        }

        html.Append("<h2>Figures</h2>\n<div class=\"figures\">\n");
        foreach (string png in figures)
        {
            string relative = place.Relative(png);
            string svg = Path.ChangeExtension(png, ".svg");
            html.Append("<figure><img alt=\"").Append(Escape(relative)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(File.ReadAllBytes(png)))
                .Append("\"><figcaption><a href=\"").Append(Href(relative)).Append("\">").Append(Escape(relative)).Append("</a>");
            if (File.Exists(svg))
            {
                html.Append(" (<a href=\"").Append(Href(place.Relative(svg))).Append("\">SVG</a>)");
            }

            html.Append("</figcaption></figure>\n");
        }

        html.Append("</div>\n");
    }

    private static void AppendSummary(StringBuilder html, JsonObject summary, Place place)
    {
        html.Append("<table>\n");
        foreach ((string key, JsonNode? value) in summary)
        {
            if (key is "text" or "report" || value is JsonObject)
            {
                continue;
            }

            AppendRow(html, key, value, place);
        }

        html.Append("</table>\n");
        foreach ((string key, JsonNode? value) in summary)
        {
            if (value is JsonObject section)
            {
                html.Append("<h3>").Append(Escape(Label(key).Label)).Append("</h3>\n");
                AppendObject(html, section, place);
            }
        }
    }

    private static void AppendObject(StringBuilder html, JsonObject section, Place place)
    {
        html.Append("<table>\n");
        foreach ((string key, JsonNode? value) in section)
        {
            AppendRow(html, key, value, place);
        }

        html.Append("</table>\n");
    }

    private static void AppendRow(StringBuilder html, string key, JsonNode? value, Place place)
    {
        (string label, string? unit) = Label(key);
        html.Append("<tr><th>").Append(Escape(label)).Append("</th><td>");
        AppendValue(html, value, unit, place);
        html.Append("</td></tr>\n");
    }

    private static void AppendValue(StringBuilder html, JsonNode? value, string? unit, Place place)
    {
        switch (value)
        {
            case null:
                html.Append("<span class=\"none\">—</span>");
                break;
            case JsonObject o:
                AppendObject(html, o, place);
                break;
            case JsonArray a when a.All(item => item is JsonObject):
                AppendRecords(html, a, place);
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    html.Append(i == 0 ? string.Empty : ", ");
                    AppendValue(html, a[i], unit, place);
                }

                break;
            case JsonValue v when v.TryGetValue(out string? s):
                html.Append(place.Resolve(s) is { } path ? $"<a href=\"{Href(place.Relative(path))}\">{Escape(s)}</a>" : Escape(s));
                break;
            case JsonValue v when v.TryGetValue(out bool b):
                html.Append(b ? "yes" : "no");
                break;
            case JsonValue v when v.TryGetValue(out double d):
                html.Append(Escape(Number(d))).Append(unit is null ? string.Empty : " " + Escape(unit));
                break;
            default:
                html.Append(Escape(value.ToJsonString()));
                break;
        }
    }

    /// <summary>An array of objects as one table, a column per key in the order they first appear.</summary>
    private static void AppendRecords(StringBuilder html, JsonArray records, Place place)
    {
        string[] keys = [.. records.OfType<JsonObject>().SelectMany(o => o.Select(p => p.Key)).Distinct(StringComparer.Ordinal)];
        html.Append("<table class=\"records\">\n<tr>");
        foreach (string key in keys)
        {
            (string label, string? unit) = Label(key);
            html.Append("<th>").Append(Escape(unit is null ? label : $"{label} ({unit})")).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (JsonObject record in records.OfType<JsonObject>())
        {
            html.Append("<tr>");
            foreach (string key in keys)
            {
                html.Append("<td>");
                AppendValue(html, record[key], null, place);
                html.Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>");
    }

    private static void AppendOutputs(StringBuilder html, JsonObject summary, Place place)
    {
        string[] outputs = [.. SummaryPaths.Strings(summary).Select(s => place.Resolve(s)).OfType<string>().Distinct(StringComparer.Ordinal)];
        html.Append("<h2>Outputs</h2>\n<ul>\n");
        foreach (string output in outputs)
        {
            string relative = place.Relative(output);
            html.Append("<li><a href=\"").Append(Href(relative)).Append("\">").Append(Escape(relative)).Append("</a>");
            if (Directory.Exists(output))
            {
                html.Append("\n<ul>\n");
                foreach (string file in Directory.EnumerateFiles(output).Order(StringComparer.Ordinal))
                {
                    string inner = place.Relative(file);
                    html.Append("<li><a href=\"").Append(Href(inner)).Append("\">").Append(Escape(Path.GetFileName(file))).Append("</a> (")
                        .Append(Escape(Size(new FileInfo(file).Length))).Append(")</li>\n");
                }

                html.Append("</ul>\n");
            }
            else if (output != place.Page)
            {
                html.Append(" (").Append(Escape(Size(new FileInfo(output).Length))).Append(')');
            }

            html.Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    /// <summary>For a scan (its file in <c>files.raw</c>) or an analysis of one (<c>input</c>): the plan and profile its file records.</summary>
    private static void AppendOrigin(StringBuilder html, JsonObject summary, Place place)
    {
        string? source = new[] { Text(summary["files"]?["raw"]), Text(summary["input"]) }.OfType<string>()
            .Select(s => place.Resolve(s)).FirstOrDefault(p => p is not null && File.Exists(p));
        ScanOrigin? origin = source is null ? null : Origin(source);
        if (origin is null)
        {
            return;
        }

        html.Append("<h2>How the scan was made</h2>\n<table>\n");
        AppendText(html, "scan file", place.Relative(source!));
        AppendText(html, "started (UTC)", origin.StartTime);
        AppendText(html, "software version", origin.SoftwareVersion);
        AppendText(html, "plan file", origin.PlanFile);
        AppendText(html, "instrument profile file", origin.ProfileFile);
        html.Append("</table>\n");
        if (origin.PlanText is { } plan)
        {
            html.Append("<h3>Plan</h3>\n<pre>").Append(Escape(plan)).Append("</pre>\n");
        }

        if (origin.ProfileText is { } profile)
        {
            html.Append("<details><summary>Instrument profile</summary>\n<pre>").Append(Escape(profile)).Append("</pre></details>\n");
        }
    }

    /// <summary>The scan file's record of how it was made; a file this program cannot read that way (another program's, or damaged) has none to show.</summary>
    private static ScanOrigin? Origin(string path)
    {
        try
        {
            return ScanOriginReader.TryRead(path);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static void AppendText(StringBuilder html, string label, string? value)
    {
        if (value is not null)
        {
            html.Append("<tr><th>").Append(Escape(label)).Append("</th><td>").Append(Escape(value)).Append("</td></tr>\n");
        }
    }

    /// <summary>A key as a label, and the unit its ending names.</summary>
    private static (string Label, string? Unit) Label(string key)
    {
        foreach ((string suffix, string unit) in Units)
        {
            if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (key[..^suffix.Length].Replace('_', ' '), unit);
            }
        }

        return (key.Replace('_', ' '), null);
    }

    /// <summary>Integers as they are; other numbers to four significant digits.</summary>
    private static string Number(double value) =>
        value == Math.Round(value) && Math.Abs(value) < 1e15 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static string Href(string relative) => string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The five characters HTML gives meaning to, escaped; the rest as they are (the page is UTF-8, so µ stays µ).</summary>
    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    /// <summary>Where the page is built: the summary's folder and the page's own path.</summary>
    private sealed record Place(string Folder, string Page)
    {
        public string? Resolve(string text) => SummaryPaths.Resolve(Folder, text, Page);

        public string Relative(string path) => Path.GetRelativePath(Folder, path).Replace('\\', '/');
    }

    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
        h1 { font-size: 1.5em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
        pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; white-space: pre-wrap; }
        table { border-collapse: collapse; margin: 0.3em 0; } th, td { text-align: left; vertical-align: top; padding: 0.15em 0.8em 0.15em 0; }
        th { font-weight: 600; color: #444; } table.records td, table.records th { border: 1px solid #ddd; padding: 0.15em 0.4em; }
        .figures { display: flex; flex-wrap: wrap; gap: 1em; } figure { margin: 0; } figure img { max-width: 34em; width: 100%; border: 1px solid #ddd; }
        figcaption { font-size: 0.9em; } .none { color: #999; } footer { margin-top: 3em; color: #777; font-size: 0.9em; }

        """;
}
