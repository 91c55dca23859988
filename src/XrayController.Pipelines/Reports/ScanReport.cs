using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using XrayController.Pipelines.Scans;

namespace XrayController.Pipelines.Reports;

/// <summary>
/// The report kept with a scan's, a reconstruction's or an analysis's outputs: NAME_summary.json (the summary, its paths
/// relative to its own folder so that the folder can be moved) and NAME_report.html built from it alone
/// (<see cref="ReportPage"/>), so that <c>xrayctl report DIR</c> rebuilds the same page.
/// </summary>
public static class ScanReport
{
    public const string SummarySuffix = "_summary.json";
    public const string ReportSuffix = "_report.html";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The summary's path for outputs named <paramref name="stem"/> in <paramref name="directory"/>.</summary>
    public static string SummaryPath(string directory, string stem) => Path.Combine(directory, stem + SummarySuffix);

    /// <summary>The summary kept beside the scan file <paramref name="rawFile"/>.</summary>
    public static string SummaryFileFor(string rawFile) => PostScanContext.Beside(rawFile, SummarySuffix);

    /// <summary>The report page built from the summary at <paramref name="summaryPath"/>.</summary>
    public static string ReportPath(string summaryPath)
    {
        ArgumentNullException.ThrowIfNull(summaryPath);
        return summaryPath.EndsWith(SummarySuffix, StringComparison.Ordinal)
            ? summaryPath[..^SummarySuffix.Length] + ReportSuffix
            : throw new ArgumentException($"a summary's name ends with {SummarySuffix}: {summaryPath}", nameof(summaryPath));
    }

    /// <summary>Keeps a scan's report beside its file (FILE_summary.json, FILE_report.html); returns the summary naming the page.</summary>
    public static ScanSummary Write(ScanSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        string summaryFile = SummaryFileFor(summary.RawFile);
        ScanSummary kept = summary with { ReportFile = ReportPath(summaryFile) };
        Write(summaryFile, ScanSummaryWriter.Json(kept), ScanSummaryWriter.Line(kept));
        return kept;
    }

    /// <summary>
    /// Writes <paramref name="summaryJson"/> (an object; <paramref name="text"/>, the summary as printed, added as <c>text</c>)
    /// to <paramref name="summaryPath"/>, every path in it made relative to that folder, then the page; returns the page's path.
    /// </summary>
    public static string Write(string summaryPath, string summaryJson, string text)
    {
        ArgumentNullException.ThrowIfNull(summaryPath);
        JsonObject summary = JsonNode.Parse(summaryJson)?.AsObject() ?? throw new ArgumentException("the summary is not a JSON object", nameof(summaryJson));
        string folder = Path.GetDirectoryName(Path.GetFullPath(summaryPath))!;
        Directory.CreateDirectory(folder);
        string report = ReportPath(summaryPath);
        if (!SummaryPaths.Strings(summary).Any(s => SummaryPaths.LooksLikePath(s) && Path.GetFullPath(s) == Path.GetFullPath(report)))
        {
            summary["report"] = report;
        }

        summary["text"] = text;
        Relocate(summary, folder, Path.GetFullPath(report));
        File.WriteAllText(summaryPath, summary.ToJsonString(Indented) + Environment.NewLine);
        return Rebuild(summaryPath);
    }

    /// <summary>Builds the page from the summary at <paramref name="summaryPath"/> and the files it names; returns the page's path.</summary>
    public static string Rebuild(string summaryPath)
    {
        string report = ReportPath(summaryPath);
        File.WriteAllText(report, ReportPage.Build(summaryPath));
        return report;
    }

    /// <summary>The summaries in <paramref name="directory"/> and the folders below it (NAME_summary.json), in path order.</summary>
    public static IReadOnlyList<string> FindSummaries(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*" + SummarySuffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Every output the summary at <paramref name="summaryPath"/> names (files and folders that exist, each folder followed
    /// by its files), as full paths, the summary and page included.
    /// </summary>
    public static IReadOnlyList<string> Outputs(string summaryPath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(summaryPath))!;
        JsonObject summary = ReportPage.Read(summaryPath);
        return [.. SummaryPaths.Strings(summary).Select(s => SummaryPaths.Resolve(folder, s)).OfType<string>()
            .SelectMany(p => Directory.Exists(p) ? [p, .. Directory.EnumerateFiles(p).Order(StringComparer.Ordinal)] : new[] { p })
            .Prepend(Path.GetFullPath(summaryPath)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// <paramref name="path"/> relative to <paramref name="folder"/>, still reading as a path: a folder beside the summary
    /// (no separator, no extension) is written ./NAME.
    /// </summary>
    private static string Relative(string folder, string path)
    {
        string relative = Path.GetRelativePath(folder, Path.GetFullPath(path));
        return SummaryPaths.LooksLikePath(relative) ? relative : "./" + relative;
    }

    /// <summary>Rewrites every string that names an existing file or folder (or <paramref name="pending"/>, about to be written) relative to <paramref name="folder"/>.</summary>
    private static void Relocate(JsonNode node, string folder, string pending)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (string key in o.Select(p => p.Key).ToList())
                {
                    if (o[key] is { } child)
                    {
                        o[key] = Relocated(child, folder, pending);
                    }
                }

                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } child)
                    {
                        a[i] = Relocated(child, folder, pending);
                    }
                }

                break;
        }
    }

    private static JsonNode Relocated(JsonNode node, string folder, string pending)
    {
        if (node is JsonValue value && value.TryGetValue(out string? text))
        {
            return SummaryPaths.LooksLikePath(text) && (File.Exists(text) || Directory.Exists(text) || Path.GetFullPath(text) == pending)
                ? JsonValue.Create(Relative(folder, text))
                : node.DeepClone();
        }

        JsonNode copy = node.DeepClone();
        Relocate(copy, folder, pending);
        return copy;
    }
}
