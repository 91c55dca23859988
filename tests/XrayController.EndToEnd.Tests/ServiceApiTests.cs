using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// <c>xrayctl serve</c> as its own process, driven over HTTP: plans submitted, checked and queued, reordered and
/// cancelled, a scan run to completion, paused and resumed, the monitor's choices, devices and metrics, errors answered
/// with problem details, other hosts refused without the token, and the queue kept across a restart.
/// </summary>
public sealed class ServiceApiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-serve-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Plans_are_checked_queued_run_paused_resumed_and_the_queue_survives_a_restart()
    {
        int port = LoopbackPorts.Free();
        string plan = await File.ReadAllTextAsync(RepositoryPaths.Plan("demo-parallel.yaml"));
        string id;
        using (ServiceProcess service = await ServiceProcess.StartAsync(_directory, port))
        {
            using HttpResponseMessage bad = await service.SubmitAsync(plan.Replace("exposure_s: 0.01", "exposure_s: 50", StringComparison.Ordinal), "application/yaml");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            JsonElement problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            JsonElement error = problem.GetProperty("errors")[0];
            Assert.Equal("detector.exposure_s", error.GetProperty("field").GetString());
            Assert.True(error.GetProperty("line").GetInt32() > 0);
            using HttpResponseMessage wrongType = await service.SubmitAsync(plan, "text/plain");
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
            using HttpResponseMessage huge = await service.SubmitAsync(plan + new string('#', 1 << 20), "application/yaml");
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
            string openApi = await service.Http.GetStringAsync("/openapi/v1.json");
            Assert.Contains("/api/scans/{id}/pause", openApi, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Conflict, (await service.Http.PostAsJsonAsync("/api/monitor/slices", new { z = 1, y = 1, x = 1 })).StatusCode);
            JsonElement idle = await service.Http.GetFromJsonAsync<JsonElement>("/api/devices");
            Assert.Equal(JsonValueKind.Null, idle.GetProperty("scan").ValueKind);

            id = await CreatedIdAsync(await service.SubmitAsync(plan, "application/yaml"));
            string second = await CreatedIdAsync(await service.SubmitAsync(plan, "application/yaml"));
            string third = await CreatedIdAsync(await service.SubmitAsync(plan, "application/yaml"));
            await service.WaitForStateAsync(id, "running");
            Assert.Equal(HttpStatusCode.OK, (await service.Http.PostAsJsonAsync($"/api/scans/{third}/move", new { position = 0 })).StatusCode);
            Assert.Equal([id, third, second], [.. (await service.Http.GetFromJsonAsync<JsonElement>("/api/scans")).EnumerateArray().Select(s => s.GetProperty("id").GetString()!)]);
            Assert.Equal(HttpStatusCode.Conflict, (await service.Http.PostAsJsonAsync($"/api/scans/{id}/move", new { position = 1 })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await service.Http.DeleteAsync($"/api/scans/{second}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await service.Http.DeleteAsync($"/api/scans/{third}")).StatusCode);

            await MonitorChoicesAsync(service, id);
            Assert.Equal(HttpStatusCode.OK, (await service.Http.PostAsync($"/api/scans/{id}/pause", null)).StatusCode);
            await service.WaitForStateAsync(id, "paused");
            Assert.Equal(HttpStatusCode.OK, (await service.Http.PostAsync($"/api/scans/{id}/resume", null)).StatusCode);
            JsonElement done = await service.WaitForStateAsync(id, "completed");
            Assert.Equal(210, done.GetProperty("frames_acquired").GetInt32());
            Assert.True(File.Exists(done.GetProperty("raw_file").GetString()));
            Assert.Equal("cancelled", (await service.Http.GetFromJsonAsync<JsonElement>($"/api/scans/{second}")).GetProperty("state").GetString());

            string metrics = await service.Http.GetStringAsync("/metrics");
            Assert.Matches(@"xrayctl_frames_acquired_total\{[^}]*\} 210\b", metrics);
            Assert.Contains("xrayctl_stage_move_duration_seconds_bucket", metrics, StringComparison.Ordinal);
            Assert.Contains("xrayctl_detector_frame_duration_seconds_count", metrics, StringComparison.Ordinal);
            Assert.Matches(@"xrayctl_frames_reconstructed_total\{[^}]*\} [1-9]", metrics);

            Assert.Equal(HttpStatusCode.Conflict, (await service.Http.PostAsync($"/api/scans/{id}/pause", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await service.Http.PostAsync($"/api/scans/{id}/resume", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await service.Http.PostAsync($"/api/scans/{id}/abort", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await service.Http.DeleteAsync($"/api/scans/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await service.Http.GetAsync("/api/scans/nosuchscan")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await service.Http.PostAsync("/api/scans/nosuchscan/abort", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await service.Http.PostAsJsonAsync("/api/scans/nosuchscan/move", new { position = 0 })).StatusCode);
            await service.KillAsync();
        }

        using (ServiceProcess restarted = await ServiceProcess.StartAsync(_directory, port))
        {
            JsonElement[] scans = [.. (await restarted.Http.GetFromJsonAsync<JsonElement>("/api/scans")).EnumerateArray()];
            Assert.Equal([(id, "completed"), (scans[1].GetProperty("id").GetString()!, "cancelled"), (scans[2].GetProperty("id").GetString()!, "cancelled")], [.. scans.Select(s => (s.GetProperty("id").GetString()!, s.GetProperty("state").GetString()!))]);
            await restarted.KillAsync();
        }
    }

    [Fact]
    public async Task Other_hosts_are_refused_without_the_token_and_let_in_with_it()
    {
        IPAddress own = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException("this machine has no IPv4 address besides loopback to reach the service from");
        string tokenFile = Path.Combine(_directory, "token");
        const string token = "beamline-7-token-0123456789";
        await File.WriteAllTextAsync(tokenFile, token + "\n");
        int port = LoopbackPorts.Free();
        foreach (bool withToken in new[] { false, true })
        {
            string[] extra = withToken ? ["--urls", $"http://0.0.0.0:{port}", "--token-file", tokenFile] : ["--urls", $"http://0.0.0.0:{port}"];
            using ServiceProcess service = await ServiceProcess.StartAsync(_directory, port, 1, own.ToString(), extra);
            Assert.Equal(withToken ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, (await service.Http.GetAsync("/api/scans")).StatusCode);
            Assert.Equal(withToken ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, (await service.Http.GetAsync("/")).StatusCode);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/scans") { Headers = { Authorization = new("Bearer", "not-the-token-at-all") } };
            Assert.Equal(withToken ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, (await service.Http.SendAsync(wrong)).StatusCode);
            if (withToken)
            {
                using var right = new HttpRequestMessage(HttpMethod.Get, "/api/scans") { Headers = { Authorization = new("Bearer", token) } };
                Assert.Equal(HttpStatusCode.OK, (await service.Http.SendAsync(right)).StatusCode);
                using HttpResponseMessage page = await service.Http.GetAsync($"/?token={token}");
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("xrayctl_token=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
            }

            using var loopback = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal(HttpStatusCode.OK, (await loopback.GetAsync("/api/scans")).StatusCode);
            await service.KillAsync();
        }
    }

    [Fact]
    public async Task A_spectral_scan_shows_the_running_spectrum_of_a_chosen_region()
    {
        using ServiceProcess service = await ServiceProcess.StartAsync(_directory, LoopbackPorts.Free(), speed: 5);
        string id = await CreatedIdAsync(await service.SubmitAsync(await File.ReadAllTextAsync(RepositoryPaths.Plan("xanes-demo.yaml")), "application/yaml"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        JsonElement update;
        while (!((update = await service.Http.GetFromJsonAsync<JsonElement>("/api/monitor", timeout.Token)).TryGetProperty("spectrum", out JsonElement spectrum) && spectrum.GetProperty("values").GetArrayLength() >= 3))
        {
            await Task.Delay(200, timeout.Token);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await service.Http.PostAsJsonAsync("/api/monitor/slices", new { z = 1, y = 1, x = 1 })).StatusCode);
        int size = update.GetProperty("slices").GetProperty("size").GetInt32();
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.PostAsJsonAsync("/api/monitor/spectrum", new { x0 = 0, y0 = 0, x1 = size + 1, y1 = 4 })).StatusCode);
        (int x0, int y0, int x1, int y1) = (size / 2 - 4, size / 2 - 3, size / 2 + 4, size / 2 + 5);
        Assert.Equal(HttpStatusCode.NoContent, (await service.Http.PostAsJsonAsync("/api/monitor/spectrum", new { x0, y0, x1, y1 })).StatusCode);

        // The spectrum's last value is the region's mean in the slice of the energy in progress, sent in the same update.
        update = await service.Http.GetFromJsonAsync<JsonElement>("/api/monitor", timeout.Token);
        JsonElement chosen = update.GetProperty("spectrum");
        Assert.Equal([x0, y0, x1, y1], [.. chosen.GetProperty("region").EnumerateArray().Select(v => v.GetInt32())]);
        JsonElement axial = update.GetProperty("slices").GetProperty("axial");
        Assert.Equal(1, axial.GetProperty("bin").GetInt32());
        float[] slice = MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(axial.GetProperty("data").GetString()!)).ToArray();
        double mean = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                mean += slice[(y * size) + x];
            }
        }

        mean /= (x1 - x0) * (y1 - y0);
        JsonElement[] values = [.. chosen.GetProperty("values").EnumerateArray()];
        Assert.Equal(mean, values[^1].GetDouble(), 1e-4);
        Assert.Equal(values.Length, chosen.GetProperty("energies_ev").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await service.Http.PostAsync($"/api/scans/{id}/abort", null)).StatusCode);
        Assert.Equal("aborted", (await service.WaitForStateAsync(id, "aborted")).GetProperty("state").GetString());
        await service.KillAsync();
    }

    /// <summary>While the scan runs: the slices move (bad positions refused), the sinogram row changes, the spectrum is refused (one energy), the devices are read.</summary>
    private static async Task MonitorChoicesAsync(ServiceProcess service, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        JsonElement slices;
        while (!(await service.Http.GetFromJsonAsync<JsonElement>("/api/monitor", timeout.Token)).TryGetProperty("slices", out slices) || slices.ValueKind == JsonValueKind.Null)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Equal((64, 64, 64, 128), (slices.GetProperty("z").GetInt32(), slices.GetProperty("y").GetInt32(), slices.GetProperty("x").GetInt32(), slices.GetProperty("size").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.PostAsJsonAsync("/api/monitor/slices", new { z = 500, y = 1, x = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.PostAsync("/api/monitor/slices", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await service.Http.PostAsJsonAsync("/api/monitor/slices", new { z = 40, y = 50, x = 60 })).StatusCode);
        while (!((await service.Http.GetFromJsonAsync<JsonElement>("/api/monitor", timeout.Token)).GetProperty("slices") is var moved && moved.GetProperty("z").GetInt32() == 40 && moved.GetProperty("x").GetInt32() == 60))
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.PostAsJsonAsync("/api/monitor/sinogram", new { row = 128 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await service.Http.PostAsJsonAsync("/api/monitor/sinogram", new { row = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await service.Http.PostAsJsonAsync("/api/monitor/spectrum", new { x0 = 0, y0 = 0, x1 = 4, y1 = 4 })).StatusCode);
        while ((await service.Http.GetFromJsonAsync<JsonElement>("/api/devices", timeout.Token)) is var devices && !devices.TryGetProperty("rotation_deg", out _))
        {
            await Task.Delay(100, timeout.Token);
        }

        JsonElement running = await service.Http.GetFromJsonAsync<JsonElement>("/api/devices", timeout.Token);
        Assert.Equal(id, running.GetProperty("scan").GetString());
        Assert.Contains(running.GetProperty("shutter").GetString(), new[] { "open", "closed" });
        Assert.Equal(JsonValueKind.Number, running.GetProperty("axes_mm").GetProperty("sample_x").ValueKind);
        while (!((await service.Http.GetFromJsonAsync<JsonElement>("/api/monitor", timeout.Token)).TryGetProperty("sinogram", out JsonElement sinogram) && sinogram.GetProperty("row").GetInt32() == 10))
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<string> CreatedIdAsync(HttpResponseMessage created)
    {
        using (created)
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            Assert.Equal($"/api/scans/{id}", created.Headers.Location!.OriginalString);
            return id;
        }
    }
}
