using System.Text.Json.Nodes;
using XrayController.Pipelines.Reports;

namespace XrayController.Pipelines.Tests;

/// <summary>The report kept with a scan's outputs: a summary whose paths travel with its folder, and a page built from that folder alone.</summary>
public sealed class ScanReportTests : IDisposable
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private readonly string _root = Directory.CreateTempSubdirectory("xrayctl-report-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_summary_names_its_outputs_from_its_own_folder_and_the_page_embeds_every_figure_and_links_every_output()
    {
        string scans = Path.Combine(_root, "scans");
        string figures = Path.Combine(scans, "scan_recon_figures");
        Directory.CreateDirectory(figures);
        string png = Path.Combine(figures, "slice_xy.png");
        File.WriteAllBytes(png, Png);
        File.WriteAllText(Path.ChangeExtension(png, ".svg"), "<svg/>");
        string recon = Path.Combine(scans, "scan_recon.h5");
        File.WriteAllText(recon, "not read");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(scans, "scan_recon_cell")).FullName, "defects.csv"), "kind\n");
        string summary = ScanReport.SummaryPath(scans, "scan");

        string page = ScanReport.Write(summary, Summary(recon, png, Path.Combine(scans, "gone.h5")), "scan completed\n<all> frames");

        Assert.Equal(Path.Combine(scans, "scan_report.html"), page);
        JsonObject saved = JsonNode.Parse(File.ReadAllText(summary))!.AsObject();
        Assert.Equal("scan_recon.h5", (string?)saved["files"]!["recon"]);
        Assert.Equal("scan_recon_figures/slice_xy.png", (string?)saved["lab_ct"]!["figures"]![0]);
        Assert.Equal("./scan_recon_cell", (string?)saved["lab_ct"]!["inspection_dir"]);
        Assert.Equal(Path.Combine(scans, "gone.h5"), (string?)saved["files"]!["missing"]);
        Assert.Equal("scan_report.html", (string?)saved["report"]);
        string html = File.ReadAllText(page);
        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(Png)}\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"scan_recon_figures/slice_xy.svg\">SVG</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"scan_recon.h5\">scan_recon.h5</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"scan_report.html\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"gone.h5\"", html, StringComparison.Ordinal);
        Assert.Contains("<th>wall</th><td>12.35 s</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>edge</th><td>8350 eV</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>rms error</th><td>0.1235 µm</td>", html, StringComparison.Ordinal);
        Assert.Contains("<th>frames</th><td>210</td>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;all&gt; frames", html, StringComparison.Ordinal);
        Assert.Equal(["scan_summary.json", "scan_recon.h5", "scan_recon_figures/slice_xy.png", "scan_recon_cell", "scan_recon_cell/defects.csv", "scan_report.html"], ScanReport.Outputs(summary).Select(p => Path.GetRelativePath(scans, p)));
    }

    [Fact]
    public void Rebuilding_gives_the_same_page_here_and_after_the_folder_is_moved()
    {
        string scans = Path.Combine(_root, "scans");
        Directory.CreateDirectory(scans);
        string png = Path.Combine(scans, "figure.png");
        File.WriteAllBytes(png, Png);
        string recon = Path.Combine(scans, "scan_recon.h5");
        File.WriteAllText(recon, "not read");
        string summary = ScanReport.SummaryPath(scans, "scan");
        string written = File.ReadAllText(ScanReport.Write(summary, Summary(recon, png, recon), "text"));

        Assert.Equal(written, File.ReadAllText(ScanReport.Rebuild(summary)));
        string moved = Path.Combine(_root, "elsewhere");
        Directory.Move(scans, moved);
        File.Delete(Path.Combine(moved, "scan_report.html"));
        IReadOnlyList<string> found = ScanReport.FindSummaries(_root);
        Assert.Equal([Path.Combine(moved, "scan_summary.json")], found);
        Assert.Equal(written.Replace("xrayctl report scans", "xrayctl report elsewhere", StringComparison.Ordinal), File.ReadAllText(ScanReport.Rebuild(found[0])));
    }

    [Fact]
    public void A_damaged_summary_is_refused_naming_the_file_and_line()
    {
        string summary = ScanReport.SummaryPath(_root, "broken");
        File.WriteAllText(summary, "{\n  \"status\": \"completed\",\n  oops\n}");

        var refused = Assert.Throws<InvalidDataException>(() => ScanReport.Rebuild(summary));

        Assert.StartsWith($"{summary}:3: not valid JSON", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(ScanReport.ReportPath(summary)));
    }

    private static string Summary(string recon, string png, string missing) => new JsonObject
    {
        ["status"] = "completed",
        ["plan"] = "lab-demo",
        ["wall_s"] = 12.3456,
        ["frames"] = 210,
        ["files"] = new JsonObject { ["recon"] = recon, ["missing"] = missing },
        ["lab_ct"] = new JsonObject
        {
            ["figures"] = new JsonArray(png),
            ["inspection_dir"] = Path.Combine(Path.GetDirectoryName(recon)!, "scan_recon_cell"),
            ["edge_ev"] = 8350.268546798674,
            ["truth"] = new JsonObject { ["rms_error_um"] = 0.123456 },
        },
    }.ToJsonString();
}
