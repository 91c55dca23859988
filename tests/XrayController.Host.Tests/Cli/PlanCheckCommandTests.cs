using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Cli;

public sealed class PlanCheckCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-plan-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_demo_plan_checks_clean_with_exit_code_0()
    {
        CliRun run = await CliRun.RunAsync("plan", "check", RepositoryPaths.Plan("demo-parallel.yaml"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("frames: 210 = 180 projections + 20 flats + 10 darks", run.Output, StringComparison.Ordinal);
        Assert.Contains("after the scan", run.Output, StringComparison.Ordinal);
        Assert.Contains("parallel beam (FBP): peak memory", run.Output, StringComparison.Ordinal);
        Assert.Contains("violations: none", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Json_report_has_the_documented_keys()
    {
        CliRun run = await CliRun.RunAsync("plan", "check", RepositoryPaths.Plan("demo-parallel.yaml"), "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.True(root.GetProperty("duration_s").GetDouble() > 0);
        JsonElement breakdown = root.GetProperty("breakdown_s");
        double sum = new[] { "motion", "settle", "exposure", "readout", "overhead" }.Sum(k => breakdown.GetProperty(k).GetDouble());
        Assert.Equal(root.GetProperty("duration_s").GetDouble(), sum, 2);
        Assert.Equal(180, root.GetProperty("frames").GetProperty("projection").GetInt32());
        Assert.Equal(20, root.GetProperty("frames").GetProperty("flat").GetInt32());
        Assert.Equal(10, root.GetProperty("frames").GetProperty("dark").GetInt32());
        Assert.Equal(180, root.GetProperty("angles").GetProperty("count").GetInt32());
        Assert.Equal(0, root.GetProperty("energies").GetProperty("count").GetInt32());
        Assert.True(root.GetProperty("bytes").GetInt64() > 210L * 128 * 128 * 2);
        Assert.Equal(0, root.GetProperty("violations").GetArrayLength());
    }

    [Fact]
    public async Task The_report_estimates_the_reconstruction_after_the_scan_and_none_when_the_plan_asks_for_none()
    {
        CliRun run = await CliRun.RunAsync("plan", "check", RepositoryPaths.Plan("demo-parallel.yaml"), "--json", "--out", _directory);

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement job = Assert.Single(json.RootElement.GetProperty("after_scan").EnumerateArray());
        Assert.Equal("parallel beam (FBP)", job.GetProperty("technique").GetString());
        Assert.Equal(128L * 128 * 128 * sizeof(float), job.GetProperty("bytes_written").GetInt64());
        string output = job.GetProperty("output").GetString()!;
        Assert.Equal(_directory, Path.GetDirectoryName(output));
        Assert.StartsWith("demo-parallel_", Path.GetFileName(output), StringComparison.Ordinal);
        Assert.EndsWith("_recon.h5", output, StringComparison.Ordinal);
        Assert.True(job.GetProperty("fits_budget").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("after_scan_refused").ValueKind);
        Assert.True(job.GetProperty("seconds").GetDouble() > 0);
        Assert.Equal(json.RootElement.GetProperty("free_bytes").GetInt64() - json.RootElement.GetProperty("bytes").GetInt64(), job.GetProperty("free_disk_bytes").GetInt64());

        string plan = Path.Combine(_directory, "none.yaml");
        await File.WriteAllTextAsync(plan, File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml")).Replace("algorithm: fbp", "algorithm: none", StringComparison.Ordinal));
        CliRun none = await CliRun.RunAsync("plan", "check", plan, "--json", "--instrument", RepositoryPaths.Instrument("demo"));

        Assert.Equal(0, none.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(none.Output).RootElement.GetProperty("after_scan").GetArrayLength());
    }

    [Fact]
    public async Task The_lab_presets_four_seed_tiles_are_estimated_within_the_jobs_budget()
    {
        CliRun run = await CliRun.RunAsync("plan", "check", RepositoryPaths.Plan("lab-18650.yaml"), "--json", "--out", _directory);

        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("after_scan_refused").ValueKind);
        JsonElement job = Assert.Single(json.RootElement.GetProperty("after_scan").EnumerateArray());
        Assert.Equal("cone beam (FDK, stitched tiles)", job.GetProperty("technique").GetString());
        Assert.Equal(4, job.GetProperty("units").GetInt32());
        Assert.True(job.GetProperty("fits_budget").GetBoolean());
        Assert.InRange(job.GetProperty("peak_memory_bytes").GetInt64(), 1_000_000_000, 8_000_000_000);
        Assert.True(job.GetProperty("peak_disk_bytes").GetInt64() > 4L * 2940 * 2940 * 2304 * sizeof(float), "the scratch tiles count");
    }

    [Fact]
    public async Task An_invalid_plan_exits_2_with_every_violation_and_one_line_on_stderr()
    {
        string plan = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(plan, File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml"))
            .Replace("exposure_s: 0.01", "exposure_s: 20", StringComparison.Ordinal)
            .Replace("count: 180", "count: -1", StringComparison.Ordinal));

        CliRun run = await CliRun.RunAsync("plan", "check", plan, "--json", "--instrument", RepositoryPaths.Instrument("demo"));

        Assert.Equal(2, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement[] violations = [.. json.RootElement.GetProperty("violations").EnumerateArray()];
        Assert.Equal(["detector.exposure_s", "rotation.count"], violations.Select(v => v.GetProperty("path").GetString()));
        Assert.Equal([9, 10], violations.Select(v => v.GetProperty("line").GetInt32()));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("duration_s").ValueKind);
        string line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Contains("2 violations", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_plan_file_is_invalid_input()
    {
        CliRun run = await CliRun.RunAsync("plan", "check", Path.Combine(_directory, "absent.yaml"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read plan file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_are_invalid_input()
    {
        CliRun run = await CliRun.RunAsync("plan", "check", "--frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Steps_option_lists_every_step()
    {
        CliRun run = await CliRun.RunAsync("plan", "check", RepositoryPaths.Plan("demo-parallel.yaml"), "--steps");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("acquire projection seq 20 at 0 deg", run.Output, StringComparison.Ordinal);
        Assert.Contains("move sample_x by +5 mm", run.Output, StringComparison.Ordinal);
        string[] lines = run.Output.Split('\n');
        int announced = int.Parse(lines.Single(l => l.StartsWith("steps: ", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(announced, lines.Count(l => l.StartsWith("  ", StringComparison.Ordinal) && char.IsDigit(l.TrimStart()[0])));
    }

    [Fact]
    public async Task A_profile_is_found_by_name_beside_the_plan()
    {
        string plans = Directory.CreateDirectory(Path.Combine(_directory, "plans")).FullName;
        string instruments = Directory.CreateDirectory(Path.Combine(_directory, "instruments")).FullName;
        File.Copy(RepositoryPaths.Instrument("demo"), Path.Combine(instruments, "bench.json"));
        string plan = Path.Combine(plans, "p.yaml");
        await File.WriteAllTextAsync(plan, File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml")).Replace("instrument: demo", "instrument: bench", StringComparison.Ordinal));

        CliRun run = await CliRun.RunAsync("plan", "check", plan);

        Assert.Equal(0, run.ExitCode);
    }
}
