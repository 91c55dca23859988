using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// The simulated instrument in its own process (<c>xrayctl sim</c>), driven by <c>xrayctl scan</c> through a profile
/// that points at its endpoints: the drivers talk to it over pseudo-terminals, TCP, HTTP and ZeroMQ across processes.
/// </summary>
public sealed class SimulatorProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-sim-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(null)]
    [InlineData("{ start_deg: 0, range_deg: 180, count: 180, mode: fly }")]
    public async Task The_demo_plan_runs_step_and_fly_through_a_separate_simulator_process(string? rotation)
    {
        string plan = PlanVariant(rotation);
        (Process sim, string profile) = await StartSimulatorAsync();
        try
        {
            ProcessRun scan = await Xrayctl.RunAsync("scan", plan, "--instrument", profile, "--out", _directory, "--publish", "off", "--json");

            Assert.True(scan.ExitCode == 0, scan.Error);
            JsonElement summary = JsonDocument.Parse(scan.Output).RootElement;
            Assert.Equal("completed", summary.GetProperty("status").GetString());
            Assert.Equal(210, summary.GetProperty("frames").GetProperty("total").GetInt32());
            // Motion, exposure and readout are physics the simulated devices never cut short, so the run cannot beat the
            // estimate by more than the command round trips the profile charges and the wire did faster. How close it comes
            // on a quiet machine is measured, not tested (README, Performance).
            Assert.True(summary.GetProperty("scan_clock_s").GetDouble() >= 0.99 * summary.GetProperty("estimate_s").GetDouble(), scan.Output);
        }
        finally
        {
            Assert.Equal(0, await StopAsync(sim));
        }
    }

    /// <summary>The instrument dies mid-scan: the scan fails naming the device, and the file holds every frame taken.</summary>
    [SkippableFact]
    public async Task A_simulator_killed_mid_scan_fails_the_scan_cleanly_and_keeps_what_was_acquired()
    {
        await Python.RequireAsync("h5py", "numpy");
        (Process sim, string profile) = await StartSimulatorAsync();
        using Process scan = Xrayctl.Start("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--instrument", profile, "--out", _directory, "--publish", "off", "--json");
        Task<string> output = scan.StandardOutput.ReadToEndAsync();
        var progress = new System.Text.StringBuilder();

        // Kill the instrument once frames are coming (the progress line on standard error), however slowly the scan
        // started: a fixed delay killed it before the first frame on a loaded machine.
        using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await scan.StandardError.ReadLineAsync(started.Token) is { } line)
            {
                progress.AppendLine(line);
                if (System.Text.RegularExpressions.Regex.Match(line, @"^frames (\d+)/") is { Success: true } m && int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 15)
                {
                    break;
                }
            }
        }

        Task<string> error = scan.StandardError.ReadToEndAsync();
        sim.Kill();
        await sim.WaitForExitAsync();
        sim.Dispose();

        await scan.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(scan.ExitCode == 1, progress + await error);
        JsonElement summary = JsonDocument.Parse(await output).RootElement;
        Assert.Equal("failed", summary.GetProperty("status").GetString());
        string reason = summary.GetProperty("reason").GetString()!;
        Assert.Matches("rotation stage|axis|shutter|detector", reason);
        int frames = summary.GetProperty("frames").GetProperty("total").GetInt32();
        Assert.InRange(frames, 1, 209);
        JsonElement file = await Python.ReportAsync("read_scan_file.py", summary.GetProperty("files").GetProperty("raw").GetString()!);
        Assert.Equal("failed", file.GetProperty("status").GetString());
        Assert.Equal(frames, file.GetProperty("frames_acquired").GetInt32());
    }

    private string PlanVariant(string? rotation)
    {
        string text = File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml"));
        if (rotation is not null)
        {
            text = text.Replace("{ start_deg: 0, range_deg: 180, count: 180, mode: step }", rotation, StringComparison.Ordinal);
        }

        string path = Path.Combine(_directory, "plan.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Starts <c>xrayctl sim</c> and reads its JSON announcement; returns the process and the profile it wrote.</summary>
    private async Task<(Process Sim, string Profile)> StartSimulatorAsync()
    {
        string profile = Path.Combine(_directory, "sim-profile.json");
        Process sim = Xrayctl.Start("sim", "--instrument", "demo", "--profile-out", profile);
        var announcement = new StringBuilder();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await sim.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            announcement.AppendLine(line);
            if (line == "}")
            {
                break;
            }
        }

        JsonElement endpoints = JsonDocument.Parse(announcement.ToString()).RootElement;
        Assert.Equal(sim.Id, endpoints.GetProperty("pid").GetInt32());
        Assert.StartsWith("/dev/pts/", endpoints.GetProperty("stage_serial_port").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("tcp://127.0.0.1:", endpoints.GetProperty("devices").GetProperty("stage").GetProperty("port").GetString(), StringComparison.Ordinal);
        await WarmUpAsync(endpoints.GetProperty("devices").GetProperty("detector").GetProperty("url").GetString()!);
        return (sim, endpoints.GetProperty("profile").GetString()!);
    }

    /// <summary>
    /// Asks the new process's detector for its version once, with time to spare: its first reply compiles the HTTP
    /// handlers, which on a loaded machine (the other test assemblies run alongside) took longer than the profile's 2 s
    /// command timeout that the scan, rightly, holds a running instrument to.
    /// </summary>
    private static async Task WarmUpAsync(string detectorUrl)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using HttpResponseMessage reply = await client.GetAsync(new Uri(new Uri(detectorUrl), "/detector/api/version"));
        Assert.True(reply.IsSuccessStatusCode, $"the simulator's detector answered {(int)reply.StatusCode}");
    }

    /// <summary>SIGTERM, as a service manager stops it; returns its exit code.</summary>
    private static async Task<int> StopAsync(Process sim)
    {
        using (Process term = Process.Start("kill", ["-TERM", sim.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        await sim.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        int exitCode = sim.ExitCode;
        sim.Dispose();
        return exitCode;
    }
}
