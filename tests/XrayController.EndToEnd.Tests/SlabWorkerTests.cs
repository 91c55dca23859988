using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PureHDF;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// Live slab workers (<c>xrayctl live --connect EP --rows A:B</c>): two workers on the demo scan's stream, each
/// reconstructing half the detector rows, give between them the offline volume of the scan file (the same axis, the
/// flats before each projection) bit for bit; a worker whose rows do not pair for filtering is refused.
/// </summary>
public sealed class SlabWorkerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-workers-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (float[] Values, int FirstRow) Volume(string path)
    {
        using var file = H5File.OpenRead(path);
        IH5Dataset recon = file.Dataset("/exchange/recon");
        return (recon.Read<float[]>(), recon.Attribute("first_row").Read<int>());
    }

    [Fact]
    public async Task Two_workers_rows_are_the_offline_volume_bit_for_bit()
    {
        string endpoint = $"tcp://127.0.0.1:{LoopbackPorts.Free()}";
        string[] outputs = [Path.Combine(_directory, "rows_0_64.h5"), Path.Combine(_directory, "rows_64_128.h5")];
        Task<ProcessRun> top = Xrayctl.RunAsync("live", "--connect", endpoint, "--rows", "0:64", "--out", outputs[0], "--json");
        Task<ProcessRun> bottom = Xrayctl.RunAsync("live", "--connect", endpoint, "--rows", "64:128", "--out", outputs[1], "--json");
        Task<ProcessRun> odd = Xrayctl.RunAsync("live", "--connect", endpoint, "--rows", "1:64");

        ProcessRun scan = await Xrayctl.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", endpoint, "--wait-subscribers", "3", "--speed", "10", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        ProcessRun[] workers = await Task.WhenAll(top, bottom);
        Assert.All(workers, w => Assert.True(w.ExitCode == 0, w.Error));
        double center = JsonDocument.Parse(workers[0].Output).RootElement.GetProperty("center_px").GetDouble();
        ProcessRun refused = await odd;
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("rows are filtered in pairs", refused.Error, StringComparison.Ordinal);

        string raw = JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
        string offline = Path.Combine(_directory, "offline.h5");
        ProcessRun recon = await Xrayctl.RunAsync("recon", raw, "--flats", "preceding", "--center", center.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--out", offline);
        Assert.True(recon.ExitCode == 0, recon.Error);

        (float[] first, int firstRow) = Volume(outputs[0]);
        (float[] second, int secondRow) = Volume(outputs[1]);
        Assert.Equal((0, 64), (firstRow, secondRow));
        Assert.Equal(Volume(offline).Values, first.Concat(second).ToArray());
    }
}

/// <summary>
/// Slab workers announced to the service (<c>--announce</c>): the service refuses a worker whose rows overlap another's,
/// lists the two others, and the monitor page, in headless Chromium, shows each one's rows and latest slice.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class SlabWorkerPageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-worker-page-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task Announced_workers_are_listed_refused_when_they_overlap_and_shown_on_the_page()
    {
        await Browser.RequireAsync();
        using ServiceProcess service = await ServiceProcess.StartAsync(_directory, LoopbackPorts.Free());
        string endpoint = $"tcp://127.0.0.1:{LoopbackPorts.Free()}";
        string url = service.Address.ToString();
        Task<ProcessRun> top = Xrayctl.RunAsync("live", "--connect", endpoint, "--rows", "0:64", "--announce", url, "--out", Path.Combine(_directory, "top.h5"));
        Task<ProcessRun> bottom = Xrayctl.RunAsync("live", "--connect", endpoint, "--rows", "64:128", "--announce", url, "--out", Path.Combine(_directory, "bottom.h5"));
        JsonElement[] listed = [];
        for (int i = 0; i < 300 && listed.Length < 2; i++)
        {
            await Task.Delay(100);
            listed = (await service.Http.GetFromJsonAsync<JsonElement[]>("/api/workers"))!;
        }

        Assert.Equal([(0, 64), (64, 128)], listed.Select(w => (w.GetProperty("first_row").GetInt32(), w.GetProperty("end_row").GetInt32())));
        ProcessRun overlapping = await Xrayctl.RunAsync("live", "--connect", endpoint, "--rows", "32:96", "--announce", url);
        Assert.Equal(2, overlapping.ExitCode);
        Assert.Contains("refused the worker (409): rows 32:96 overlap worker", overlapping.Error, StringComparison.Ordinal);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await Browser.LaunchAsync(playwright);
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("#workers-info")).ToHaveTextAsync("2 workers, rows 0:64, 64:128");

        Task<ProcessRun> scan = Xrayctl.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", endpoint, "--wait-subscribers", "2", "--speed", "2", "--json");
        await Assertions.Expect(page.Locator("#workers figcaption").First).ToContainTextAsync("rows 0:64 on", new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#workers figcaption')].filter(c => / [1-9][0-9] projections/.test(c.textContent)).length === 2", null, new() { Timeout = 60_000 });
        long drawn = await page.EvaluateAsync<long>("() => { const c = document.querySelector('#workers canvas'); return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0).reduce((a, b) => a + b, 0); }");
        Assert.True(drawn > 0, "the first worker's slice is blank");
        await page.ScreenshotAsync(new() { Path = Path.Combine(MonitorPageTests.Artifacts, "4-slab-workers.png"), FullPage = true });

        ProcessRun scanned = await scan;
        Assert.True(scanned.ExitCode == 0, scanned.Error);
        ProcessRun[] workers = await Task.WhenAll(top, bottom);
        Assert.All(workers, w => Assert.True(w.ExitCode == 0, w.Error));
        Assert.Empty((await service.Http.GetFromJsonAsync<JsonElement[]>("/api/workers"))!);
    }
}
