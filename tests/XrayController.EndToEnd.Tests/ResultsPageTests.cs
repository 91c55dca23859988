using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// The monitor page after a scan of each demo technique beside parallel-beam CT (whose page <see cref="MonitorPageTests"/>
/// follows through the scan): holotomography, lab cone-beam CT with the cell inspection, XANES spectro-tomography. Each
/// demo plan, made smaller where that changes nothing the page shows, is submitted to <c>xrayctl serve</c> in headless
/// Chromium; once the scan and the work after it are done, the page shows the final volume's slices from the
/// reconstruction file, the report link opens the scan's report, and every PNG figure the scan record lists is drawn in
/// Results. The page and every figure go to <c>artifacts/results/PLAN/</c>.
/// </summary>
public sealed class ResultsPageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-results-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableTheory]
    [InlineData("holotomo-demo", "slice_xy.png", "fragment_size_by_depth.png")]
    [InlineData("lab-demo", "slice_xy.png", "electrode_thickness_histogram.png")]
    [InlineData("xanes-demo", "slice_xy.png", "edge_map_middle_slice.png")]
    public async Task After_a_demo_scan_the_page_shows_the_final_volume_the_figures_and_the_report(string demo, string orthoslice, string analysisFigure)
    {
        await Browser.RequireAsync();
        string artifacts = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "results", demo)).FullName;
        using ServiceProcess service = await ServiceProcess.StartAsync(_directory, LoopbackPorts.Free(), speed: 20);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await Browser.LaunchAsync(playwright);
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(service.Address.ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connected");

        await page.Locator("#plan").FillAsync(Smaller(demo, await File.ReadAllTextAsync(RepositoryPaths.Plan(demo + ".yaml"))));
        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.Locator("#submit-result")).ToContainTextAsync($"queued {demo}");
        await Assertions.Expect(page.Locator("#scan-state")).ToHaveTextAsync("completed", new() { Timeout = 240_000 });
        await Assertions.Expect(page.Locator("#slice-info")).ToContainTextAsync("from the reconstruction file", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#report-link")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        JsonElement record = (await service.Http.GetFromJsonAsync<JsonElement[]>("/api/scans"))!.Single();
        string[] figures = [.. record.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()!).Where(o => o.EndsWith(".png", StringComparison.Ordinal))];
        Assert.Contains(figures, f => Path.GetFileName(f) == orthoslice);
        Assert.Contains(figures, f => Path.GetFileName(f) == analysisFigure);
        await page.WaitForFunctionAsync($"() => [...document.querySelectorAll('#results img')].filter(i => i.complete && i.naturalWidth > 0).length === {figures.Length}", null, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(artifacts, "page.png"), FullPage = true });

        string report = await service.Http.GetStringAsync(await page.Locator("#report-link").GetAttributeAsync("href"));
        Assert.Contains($"<h1>Scan {demo} — completed", report, StringComparison.Ordinal);
        Assert.Equal(figures.Length, report.Split("src=\"data:image/png;base64,").Length - 1);
        if (demo == "xanes-demo")
        {
            await Assertions.Expect(page.Locator("#slice-info")).ToContainTextAsync("eV");
        }

        // Each figure under the name of its folder less the scan file's (recon_figures, recon_cell, xanes, fragments).
        string stem = Path.GetFileNameWithoutExtension(record.GetProperty("raw_file").GetString()!);
        foreach (string figure in figures)
        {
            string folder = Path.GetFileName(Path.GetDirectoryName(figure)!)[(stem.Length + 1)..];
            File.Copy(figure, Path.Combine(Directory.CreateDirectory(Path.Combine(artifacts, folder)).FullName, Path.GetFileName(figure)), overwrite: true);
        }
    }

    /// <summary>
    /// The demo with fewer projections (and for XANES fewer energies), its steps otherwise unchanged; the lab demo as it
    /// is, whose 300 views a tile are the fewest that keep streaks from reading as defects (200 gave 5 false ones).
    /// </summary>
    private static string Smaller(string demo, string plan) => demo switch
    {
        "holotomo-demo" => Changed(plan, ("count: 150", "count: 60")),
        "lab-demo" => plan,
        _ => Changed(
            plan,
            ("count: 72", "count: 36"),
            ("from_ev: 8180, to_ev: 8320, step_ev: 35", "from_ev: 8180, to_ev: 8280, step_ev: 50"),
            ("from_ev: 8332, to_ev: 8358, step_ev: 1", "from_ev: 8334, to_ev: 8350, step_ev: 2"),
            ("from_ev: 8375, to_ev: 8555, step_ev: 36", "from_ev: 8390, to_ev: 8540, step_ev: 50")),
    };

    private static string Changed(string plan, params (string Old, string New)[] changes)
    {
        foreach ((string old, string changed) in changes)
        {
            Assert.Contains(old, plan, StringComparison.Ordinal);
            plan = plan.Replace(old, changed, StringComparison.Ordinal);
        }

        return plan;
    }
}
