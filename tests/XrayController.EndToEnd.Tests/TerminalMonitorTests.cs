using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary><c>xrayctl monitor</c> as its own process (output redirected, as under a script; in lines and in JSON Lines) following a scan of <c>xrayctl serve</c>.</summary>
public sealed class TerminalMonitorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-monitor-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_terminal_monitor_follows_a_scan_to_its_end()
    {
        int port = LoopbackPorts.Free();
        using ServiceProcess service = await ServiceProcess.StartAsync(_directory, port, speed: 2);
        Task<ProcessRun> watching = Xrayctl.RunAsync(TimeSpan.FromMinutes(3), "monitor", "--connect", service.Address.ToString(), "--until-done");
        Task<ProcessRun> watchingJson = Xrayctl.RunAsync(TimeSpan.FromMinutes(3), "monitor", "--connect", service.Address.ToString(), "--until-done", "--json");
        using HttpResponseMessage created = await service.SubmitAsync(await File.ReadAllTextAsync(RepositoryPaths.Plan("demo-parallel.yaml")), "application/yaml");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        ProcessRun run = await watching;
        ProcessRun json = await watchingJson;

        Assert.True(json.ExitCode == 0, json.Error);
        JsonElement last = JsonDocument.Parse(json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal(("completed", 210, 0), (last.GetProperty("scan").GetProperty("state").GetString(), last.GetProperty("scan").GetProperty("frames_done").GetInt32(), last.GetProperty("queued").GetInt32()));

        Assert.True(run.ExitCode == 0, run.Error);
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("demo-parallel running: frames ", StringComparison.Ordinal));
        Assert.StartsWith("demo-parallel completed: frames 210/210 (100.0 %)", lines[^1], StringComparison.Ordinal);
        Assert.Contains("dropped 0, reconstructed 210,", lines[^1], StringComparison.Ordinal);
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(210, (await service.WaitForStateAsync(id, "completed")).GetProperty("frames_acquired").GetInt32());
    }

    [Fact]
    public async Task A_bad_address_is_invalid_input_and_an_absent_service_a_failure()
    {
        ProcessRun bad = await Xrayctl.RunAsync("monitor", "--connect", "tcp://127.0.0.1:1");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--connect must be an http(s) address", bad.Error, StringComparison.Ordinal);
        ProcessRun absent = await Xrayctl.RunAsync("monitor", "--connect", $"http://127.0.0.1:{LoopbackPorts.Free()}");
        Assert.Equal(1, absent.ExitCode);
        Assert.Contains("cannot reach the service", absent.Error, StringComparison.Ordinal);
    }
}
