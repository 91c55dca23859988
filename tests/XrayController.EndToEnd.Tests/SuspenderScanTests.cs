using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// A beam dump injected into the simulated beamline during the demo scan (xrayctl scan --faults): the beam monitor, a
/// picoammeter on a pseudo-terminal, reads zero; the scan suspends, resumes by itself after the hold time, and h5py
/// finds every frame once, each taken with the beam up, and the pause recorded.
/// </summary>
public sealed class SuspenderScanTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-suspend-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task A_beam_dump_pauses_the_scan_which_resumes_by_itself_with_no_frame_taken_in_the_dark()
    {
        await Python.RequireAsync("h5py", "numpy");
        string faults = Path.Combine(_directory, "dump.yaml");
        await File.WriteAllTextAsync(faults, "faults:\n  - { device: beam_monitor, kind: beam_dump, after: 100, duration_s: 2 }\n");

        ProcessRun scan = await Xrayctl.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", "off", "--faults", faults, "--speed", "2", "--json");

        Assert.True(scan.ExitCode == 0, scan.Error);
        string file = JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
        JsonElement report = await Python.ReportAsync("read_scan_file.py", file);
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal(["beam current"], report.GetProperty("paused_by").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Enumerable.Range(0, 210), report.GetProperty("frame_sums_by_seq").EnumerateObject().Select(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Equal("A", report.GetProperty("i0_units").GetString());
        Assert.All(report.GetProperty("i0_kept").EnumerateArray(), i0 => Assert.Equal(2e-9, i0.GetDouble(), 1e-15));
        Assert.Equal(210, report.GetProperty("i0_kept").GetArrayLength());
    }

    [SkippableTheory]
    [InlineData("interlock", "interlock_trip")]
    [InlineData("environment", "temperature_excursion")]
    public async Task A_lab_scan_pauses_for_an_interlock_trip_or_a_temperature_excursion_and_resumes_once_the_condition_has_held_good(string device, string kind)
    {
        await Python.RequireAsync("h5py", "numpy");
        string plan = Path.Combine(_directory, "lab-short.yaml");
        await File.WriteAllTextAsync(plan, (await File.ReadAllTextAsync(RepositoryPaths.Plan("lab-demo.yaml")))
            .Replace("count: 300, mode: step", "count: 40, mode: step", StringComparison.Ordinal)
            .Replace("algorithm: fdk, filter: shepp-logan, center: auto, inspection: cell", "algorithm: none", StringComparison.Ordinal));
        string faults = Path.Combine(_directory, "door.yaml");
        await File.WriteAllTextAsync(faults, $"faults:\n  - {{ device: {device}, kind: {kind}, after: 35, duration_s: 1.5 }}\n");

        ProcessRun scan = await Xrayctl.RunAsync("scan", plan, "--out", _directory, "--publish", "off", "--faults", faults, "--json");

        Assert.True(scan.ExitCode == 0, scan.Error);
        string file = JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
        JsonElement report = await Python.ReportAsync("read_scan_file.py", file);
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal([device == "interlock" ? "interlock" : "temperature"], report.GetProperty("paused_by").EnumerateArray().Select(e => e.GetString()));
        Assert.All(report.GetProperty("temperature_kept").EnumerateArray(), t => Assert.InRange(t.GetDouble(), 21.9, 22.1));
        int planned = 10 + (2 * 10) + (2 * 40);
        Assert.Equal(Enumerable.Range(0, planned), report.GetProperty("frame_sums_by_seq").EnumerateObject().Select(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)).Order());
        Dictionary<int, long> sums = report.GetProperty("frame_sums_by_seq").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetInt64());
        double dark = Enumerable.Range(0, 10).Average(s => sums[s]);
        Assert.All(Enumerable.Range(10, planned - 10), seq => Assert.True(sums[seq] > dark * 1.5, $"frame {seq} was taken in the dark"));
    }
}
