using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace XrayController.EndToEnd.Tests;

/// <summary><c>xrayctl serve</c> as its own process on a free loopback port (frames published on any free port), and an HTTP client for it.</summary>
internal sealed class ServiceProcess : IDisposable
{
    private ServiceProcess(Process process, int port, string host)
    {
        Process = process;
        Address = new Uri($"http://{host}:{port}");
        Http = new HttpClient { BaseAddress = Address };
    }

    public Process Process { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <param name="host">The address the tests use to reach it (the service listens where <paramref name="extra"/> says, loopback by default).</param>
    public static async Task<ServiceProcess> StartAsync(string directory, int port, double speed = 1, string host = "127.0.0.1", params string[] extra)
    {
        string[] urls = extra.Contains("--urls") ? [] : ["--urls", $"http://127.0.0.1:{port}"];
        Process process = Xrayctl.Start([
            "serve", .. urls, "--state", Path.Combine(directory, "state"), "--out", directory,
            "--speed", speed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--publish", "tcp://127.0.0.1:*", .. extra]);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var service = new ServiceProcess(process, port, host);
        using var loopback = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            Assert.False(process.HasExited, "xrayctl serve exited");
            try
            {
                using HttpResponseMessage health = await loopback.GetAsync("/api/health", timeout.Token);
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

    public Task<HttpResponseMessage> SubmitAsync(string text, string type) =>
        Http.PostAsync("/api/scans", new StringContent(text, Encoding.UTF8, type));

    public async Task<JsonElement> WaitForStateAsync(string id, string state, double timeoutS = 90)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutS));
        while (true)
        {
            JsonElement scan = await Http.GetFromJsonAsync<JsonElement>($"/api/scans/{id}", timeout.Token);
            if (scan.GetProperty("state").GetString() == state)
            {
                return scan;
            }

            Assert.False(scan.GetProperty("state").GetString() is "failed" or "aborted" && state is not ("failed" or "aborted"), scan.ToString());
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Kills the process (as a crash or power loss would) and waits for it to go.</summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            Process.WaitForExit();
        }

        Process.Dispose();
        Http.Dispose();
    }
}
