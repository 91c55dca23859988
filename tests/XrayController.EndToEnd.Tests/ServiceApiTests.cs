using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// <c>xrayctl serve</c> as its own process, driven over HTTP on loopback: plans submitted, checked and queued, a scan run
/// to completion, paused and resumed, errors answered with problem details, and the queue kept across a restart.
/// </summary>
public sealed class ServiceApiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-serve-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Plans_are_checked_queued_run_paused_resumed_and_the_queue_survives_a_restart()
    {
        int port = LoopbackPorts.Free();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        string plan = await File.ReadAllTextAsync(RepositoryPaths.Plan("demo-parallel.yaml"));
        string id;
        using (Process service = await StartAsync(port, http))
        {
            using HttpResponseMessage bad = await PostAsync(http, plan.Replace("exposure_s: 0.01", "exposure_s: 50", StringComparison.Ordinal), "application/yaml");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            JsonElement problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            JsonElement error = problem.GetProperty("errors")[0];
            Assert.Equal("detector.exposure_s", error.GetProperty("field").GetString());
            Assert.True(error.GetProperty("line").GetInt32() > 0);
            using HttpResponseMessage wrongType = await PostAsync(http, plan, "text/plain");
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
            string openApi = await http.GetStringAsync("/openapi/v1.json");
            Assert.Contains("/api/scans/{id}/pause", openApi, StringComparison.Ordinal);

            using HttpResponseMessage created = await PostAsync(http, plan, "application/yaml");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            Assert.Equal($"/api/scans/{id}", created.Headers.Location!.OriginalString);

            await WaitForStateAsync(http, id, "running");
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/scans/{id}/pause", null)).StatusCode);
            await WaitForStateAsync(http, id, "paused");
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/scans/{id}/resume", null)).StatusCode);
            JsonElement done = await WaitForStateAsync(http, id, "completed");
            Assert.Equal(210, done.GetProperty("frames_acquired").GetInt32());
            Assert.True(File.Exists(done.GetProperty("raw_file").GetString()));

            Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/scans/{id}/pause", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await http.DeleteAsync($"/api/scans/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/scans/nosuchscan")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/scans/nosuchscan/abort", null)).StatusCode);
            service.Kill();
            await service.WaitForExitAsync();
        }

        using (Process restarted = await StartAsync(port, http))
        {
            JsonElement[] scans = [.. (await http.GetFromJsonAsync<JsonElement>("/api/scans")).EnumerateArray()];
            JsonElement kept = Assert.Single(scans);
            Assert.Equal((id, "completed"), (kept.GetProperty("id").GetString(), kept.GetProperty("state").GetString()));
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }
    }

    private async Task<Process> StartAsync(int port, HttpClient http)
    {
        Process service = Xrayctl.Start("serve", "--urls", $"http://127.0.0.1:{port}", "--state", Path.Combine(_directory, "state"), "--out", _directory, "--speed", "1");
        _ = service.StandardOutput.ReadToEndAsync();
        _ = service.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            Assert.False(service.HasExited, "xrayctl serve exited");
            try
            {
                using HttpResponseMessage health = await http.GetAsync("/api/health", timeout.Token);
                if (health.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string text, string type) =>
        http.PostAsync("/api/scans", new StringContent(text, Encoding.UTF8, type));

    private static async Task<JsonElement> WaitForStateAsync(HttpClient http, string id, string state)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            JsonElement scan = await http.GetFromJsonAsync<JsonElement>($"/api/scans/{id}", timeout.Token);
            if (scan.GetProperty("state").GetString() == state)
            {
                return scan;
            }

            Assert.False(scan.GetProperty("state").GetString() is "failed" or "aborted", scan.ToString());
            await Task.Delay(50, timeout.Token);
        }
    }
}
