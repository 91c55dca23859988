using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// The monitor page in headless Chromium (Debian's, driven by Playwright) against <c>xrayctl serve</c> as a process:
/// the demo plan submitted through the page, paused and resumed with its buttons, progress to 100 %, slices that change
/// as projections arrive, the final central slice equal to the reconstruction file's as h5py reads it, no request leaving
/// this host; the latency from a frame leaving the engine to the slices drawn is measured and reported (a figure, not a
/// pass mark). Screenshots go to
/// <c>artifacts/monitor/</c>.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class MonitorPageTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-monitor-").FullName;

    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "monitor")).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task The_demo_scan_is_submitted_watched_paused_and_resumed_in_the_page()
    {
        await Browser.RequireAsync();
        await Python.RequireAsync("h5py", "numpy");
        using ServiceProcess service = await ServiceProcess.StartAsync(_directory, LoopbackPorts.Free());
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await Browser.LaunchAsync(playwright);
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(service.Address.ToString(), StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        await page.GotoAsync(service.Address.ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connected");

        await page.Locator("#plan").FillAsync("name: broken\ntechnique: parallel-ct\n");
        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.Locator("#submit-errors li").First).ToContainTextAsync("line ");

        await page.Locator("#plan-file").SetInputFilesAsync(RepositoryPaths.Plan("demo-parallel.yaml"));
        await Assertions.Expect(page.Locator("#plan")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("demo-parallel"));
        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.Locator("#submit-result")).ToContainTextAsync("queued demo-parallel");
        await Assertions.Expect(page.Locator("#scan-state")).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => window.monitor.sliceSignatures.filter(s => s.source === 'live' && s.projections >= 30).length >= 2", null, new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "1-running.png"), FullPage = true });

        await page.Locator("#pause").ClickAsync();
        await Assertions.Expect(page.Locator("#scan-state")).ToContainTextAsync("paused", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#resume")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "2-paused.png"), FullPage = true });
        await page.Locator("#resume").ClickAsync();

        await Assertions.Expect(page.Locator("#percent")).ToHaveTextAsync("100.0 %", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#scan-state")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#slice-info")).ToContainTextAsync("from the reconstruction file", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#report-link")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#results img')].filter(i => i.complete && i.naturalWidth > 0).length === 3", null, new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "3-completed.png"), FullPage = true });
        JsonElement record = (await service.Http.GetFromJsonAsync<JsonElement[]>("/api/scans"))!.Single();
        string[] outputs = [.. record.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()!)];
        Assert.Contains(record.GetProperty("raw_file").GetString(), outputs);
        Assert.Contains(record.GetProperty("report").GetString(), outputs);
        Assert.Equal(3, outputs.Count(o => o.EndsWith(".png", StringComparison.Ordinal)));
        string reportPage = await service.Http.GetStringAsync(await page.Locator("#report-link").GetAttributeAsync("href"));
        Assert.Contains("<h1>Scan demo-parallel — completed", reportPage, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await service.Http.GetAsync($"/api/scans/{record.GetProperty("id").GetString()}/outputs/..%2F..%2Fetc%2Fpasswd")).StatusCode);

        JsonElement state = await page.EvaluateAsync<JsonElement>(@"() => ({
            live: window.monitor.sliceSignatures.filter(s => s.source === 'live'),
            latencies: window.monitor.latenciesMs,
            gaps: window.monitor.gaps,
            z: window.monitor.slices.meta.z,
            axial: Array.from(window.monitor.slices.axial.values),
            bin: window.monitor.slices.axial.bin,
        })");
        JsonElement[] live = [.. state.GetProperty("live").EnumerateArray()];
        Assert.True(live.Select(s => s.GetProperty("signature").GetDouble()).Distinct().Count() >= 3, "the live slices did not change as projections arrived");
        Assert.True(live[^1].GetProperty("projections").GetInt32() > live[0].GetProperty("projections").GetInt32());
        Assert.Equal(0, state.GetProperty("gaps").GetInt32());

        JsonElement scan = (await service.Http.GetFromJsonAsync<JsonElement[]>("/api/scans"))!.Single();
        string recon = Path.Combine(Path.GetDirectoryName(scan.GetProperty("raw_file").GetString())!, Path.GetFileNameWithoutExtension(scan.GetProperty("raw_file").GetString()) + "_recon.h5");
        JsonElement file = await Python.ReportAsync("read_recon_slice.py", recon, state.GetProperty("z").GetInt32().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(1, state.GetProperty("bin").GetInt32());
        float[] shown = [.. state.GetProperty("axial").EnumerateArray().Select(v => v.GetSingle())];
        float[] truth = [.. file.GetProperty("values").EnumerateArray().Select(v => v.GetSingle())];
        Assert.Equal(truth, shown);

        long before = await CanvasSumAsync(page, "axial");
        await page.Locator("#width").FillAsync("0.5");
        Assert.False(await page.Locator("#auto-window").IsCheckedAsync());
        Assert.NotEqual(before, await CanvasSumAsync(page, "axial"));

        await page.Locator("#axial").ClickAsync(new() { Position = new() { X = 65, Y = 193 } });
        await Assertions.Expect(page.Locator("#slice-info")).ToContainTextAsync("y 96, x 32", new() { Timeout = 10_000 });
        Assert.Empty(elsewhere);

        double[] latencies = [.. state.GetProperty("latencies").EnumerateArray().Select(v => v.GetDouble()).Order()];
        Assert.NotEmpty(latencies);
        double median = latencies[latencies.Length / 2];
        string report = string.Create(CultureInfo.InvariantCulture, $"frame leaving the engine to the slices drawn in the page: median {median:0} ms, 90th percentile {latencies[latencies.Length * 9 / 10]:0} ms, max {latencies[^1]:0} ms over {latencies.Length} slice updates");
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Artifacts, "latency.txt"), report + "\n");
    }

    [SkippableFact]
    public async Task The_page_keeps_every_update_and_its_memory_over_a_10000_frame_scan()
    {
        await Browser.RequireAsync();
        string plan = (await File.ReadAllTextAsync(RepositoryPaths.Plan("demo-parallel.yaml")))
            .Replace("name: demo-parallel", "name: demo-10000", StringComparison.Ordinal)
            .Replace("count: 180", "count: 9970", StringComparison.Ordinal)
            .Replace("binning: 1", "binning: 2", StringComparison.Ordinal);
        using ServiceProcess service = await ServiceProcess.StartAsync(_directory, LoopbackPorts.Free(), speed: 100);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await Browser.LaunchAsync(playwright);
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(service.Address.ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connected");
        await page.Locator("#plan").FillAsync(plan);
        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.Locator("#frames")).ToContainTextAsync("/ 10000", new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => window.monitor.slices !== null && document.getElementById('frames').textContent.split(' / ')[0] >= 1000", null, new() { Timeout = 120_000, PollingInterval = 200 });
        long updatesEarly = await page.EvaluateAsync<long>("() => window.monitor.updates");
        var wall = System.Diagnostics.Stopwatch.StartNew();

        // The page's steady heap: the larger of two readings after a collection, at frames 1000 and 2000 (one reading
        // alone can catch the collector between two of its phases and read low).
        double first = await HeapAsync(page);
        await page.WaitForFunctionAsync("() => document.getElementById('frames').textContent.split(' / ')[0] >= 2000", null, new() { Timeout = 120_000, PollingInterval = 200 });
        double early = Math.Max(first, await HeapAsync(page));
        await Assertions.Expect(page.Locator("#percent")).ToHaveTextAsync("100.0 %", new() { Timeout = 300_000 });
        double seconds = wall.Elapsed.TotalSeconds;
        double late = await HeapAsync(page);
        JsonElement state = await page.EvaluateAsync<JsonElement>("() => ({ updates: window.monitor.updates, gaps: window.monitor.gaps, renders: window.monitor.renders })");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "4-10000-frames.png"), FullPage = true });
        long updates = state.GetProperty("updates").GetInt64() - updatesEarly;
        string report = string.Create(CultureInfo.InvariantCulture,
            $"10000-frame scan: {updates} updates in {seconds:0.0} s after frame 1000 ({updates / seconds:0.0} a second), {state.GetProperty("gaps").GetInt32()} missed, {state.GetProperty("renders").GetInt32()} slice renders; JavaScript heap after a collection {early / 1e6:0.0} MB at frames 1000–2000, {late / 1e6:0.0} MB at the end");
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(Artifacts, "10000-frames.txt"), report + "\n");
        Assert.Equal(0, state.GetProperty("gaps").GetInt32());
        Assert.True(late - early < 5e6, report);
    }

    [SkippableFact]
    public async Task A_spectral_scan_shows_its_spectrum_for_a_clicked_region_and_is_aborted_from_the_page()
    {
        await Browser.RequireAsync();
        using ServiceProcess service = await ServiceProcess.StartAsync(_directory, LoopbackPorts.Free(), speed: 5);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await Browser.LaunchAsync(playwright);
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(service.Address.ToString());
        await page.Locator("#plan-file").SetInputFilesAsync(RepositoryPaths.Plan("xanes-demo.yaml"));
        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.Locator("#spectrum-info")).ToContainTextAsync("energies, the sample", new() { Timeout = 120_000 });
        await page.WaitForFunctionAsync("() => window.monitor.slices !== null && window.monitor.slices.meta.energy_ev > 0", null, new() { Timeout = 60_000 });
        await page.Locator("#axial").ClickAsync(new() { Position = new() { X = 128, Y = 128 } });
        await Assertions.Expect(page.Locator("#spectrum-info")).ToContainTextAsync(", region ", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#slice-info")).ToContainTextAsync(" eV");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts, "5-xanes.png"), FullPage = true });
        await page.Locator("#abort").ClickAsync();
        await Assertions.Expect(page.Locator("#scan-state")).ToHaveTextAsync("aborted", new() { Timeout = 60_000 });
        Assert.Equal("aborted", (await service.Http.GetFromJsonAsync<JsonElement[]>("/api/scans"))!.Single().GetProperty("state").GetString());
    }

    /// <summary>The sum of a canvas's red channel: changes when what is drawn changes.</summary>
    private static Task<long> CanvasSumAsync(IPage page, string id) => page.EvaluateAsync<long>(
        "id => { const c = document.getElementById(id); return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0).reduce((a, b) => a + b, 0); }", id);

    /// <summary>The page's JavaScript heap after a full collection (Chromium started with --js-flags=--expose-gc).</summary>
    private static Task<double> HeapAsync(IPage page) => page.EvaluateAsync<double>("() => { gc(); return performance.memory.usedJSHeapSize; }");
}
