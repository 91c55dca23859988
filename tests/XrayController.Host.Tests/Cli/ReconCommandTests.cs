using System.Text.Json;
using PureHDF;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Cli;

public sealed class ReconCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-recon-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_demo_scan_is_reconstructed_with_the_axis_found_within_a_quarter_pixel()
    {
        string raw = await ScanAsync("--live", "off");

        CliRun run = await CliRun.RunAsync("recon", raw, "--json", "--tiff", Path.Combine(_directory, "tiff"));

        Assert.True(run.ExitCode == 0, run.Error);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.InRange(json.RootElement.GetProperty("center_px").GetDouble(), 63.5, 64.0);
        Assert.Equal("1/mm", json.RootElement.GetProperty("units").GetString());
        using var file = H5File.OpenRead(json.RootElement.GetProperty("output").GetString()!);
        IH5Dataset recon = file.Dataset("/exchange/recon");
        Assert.Equal([128UL, 128, 128], recon.Space.Dimensions);
        Assert.Equal(0.65, recon.Attribute("voxel_size_um").Read<double>(), 12);
        Assert.Equal("shepp-logan", recon.Attribute("filter").Read<string>());
        Assert.Equal(128, Directory.GetFiles(Path.Combine(_directory, "tiff"), "slice_*.tiff").Length);
    }

    /// <summary>
    /// <c>--estimate</c> makes nothing but its figures: under 10 MB the slabs' memory within the budget, the volume's
    /// bytes (which the reconstruction then writes), a time from kernel rates measured once (a damaged rates file is
    /// measured again and replaced) and cached; a budget below two rows gives the smallest that works.
    /// </summary>
    [Fact]
    public async Task The_estimate_states_memory_bytes_and_time_before_a_reconstruction_that_writes_those_bytes()
    {
        string raw = await ScanAsync("--live", "off");
        File.Delete(Path.ChangeExtension(raw, null) + "_recon.h5");
        string rates = Path.Combine(_directory, "rates.json");
        await File.WriteAllTextAsync(rates, "{ \"machine\": 3 }");
        Environment.SetEnvironmentVariable("XRAYCTL_KERNEL_RATES", rates);

        CliRun first = await CliRun.RunAsync("recon", raw, "--estimate", "--json", "--memory-gb", "0.01");
        CliRun second = await CliRun.RunAsync("recon", raw, "--estimate", "--json", "--memory-gb", "0.01");
        CliRun tiny = await CliRun.RunAsync("recon", raw, "--estimate", "--json", "--memory-gb", "0.0001");

        Assert.True(first.ExitCode == 0, first.Error);
        JsonElement estimate = JsonDocument.Parse(first.Output).RootElement;
        Assert.Equal("parallel beam (FBP)", estimate.GetProperty("technique").GetString());
        Assert.InRange(estimate.GetProperty("peak_memory_bytes").GetInt64(), 1_000_000, 10_000_000);
        Assert.InRange(estimate.GetProperty("units").GetInt32(), 4, 64);
        Assert.Equal(128L * 128 * 128 * sizeof(float), estimate.GetProperty("bytes_written").GetInt64());
        Assert.True(estimate.GetProperty("seconds").GetDouble() > 0);
        Assert.True(estimate.GetProperty("fits_budget").GetBoolean() && estimate.GetProperty("fits_disk").GetBoolean());
        Assert.Equal(("measured now", "cached"), (estimate.GetProperty("kernel_rates").GetString(), JsonDocument.Parse(second.Output).RootElement.GetProperty("kernel_rates").GetString()));
        JsonElement cached = JsonDocument.Parse(await File.ReadAllTextAsync(rates)).RootElement;
        Assert.True(cached.GetProperty("cone_updates_per_s").GetDouble() > 0 && cached.GetProperty("cone_column_visits_per_s").GetDouble() > 0);
        Assert.False(File.Exists(estimate.GetProperty("output").GetString()));
        JsonElement small = JsonDocument.Parse(tiny.Output).RootElement;
        Assert.False(small.GetProperty("fits_budget").GetBoolean());
        Assert.True(small.GetProperty("minimum_budget_bytes").GetInt64() > 100_000);

        CliRun run = await CliRun.RunAsync("recon", raw, "--memory-gb", "0.01", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var file = H5File.OpenRead(JsonDocument.Parse(run.Output).RootElement.GetProperty("output").GetString()!);
        Assert.Equal(estimate.GetProperty("bytes_written").GetInt64(), (long)file.Dataset("/exchange/recon").Space.Dimensions.Aggregate(1UL, (a, b) => a * b) * sizeof(float));
    }

    [Fact]
    public async Task A_slice_range_reconstructs_just_those_rows_identically()
    {
        string raw = await ScanAsync("--live", "off");
        string whole = Path.Combine(_directory, "whole.h5");
        string part = Path.Combine(_directory, "part.h5");

        Assert.Equal(0, (await CliRun.RunAsync("recon", raw, "--center", "63.75", "--out", whole)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync("recon", raw, "--center", "63.75", "--slices", "61:67", "--out", part)).ExitCode);

        using var a = H5File.OpenRead(whole);
        using var b = H5File.OpenRead(part);
        float[] expected = a.Dataset("/exchange/recon").Read<float[]>(new PureHDF.Selections.HyperslabSelection(rank: 3, starts: [61, 0, 0], blocks: [6, 128, 128]));
        Assert.Equal(expected, b.Dataset("/exchange/recon").Read<float[]>());
        Assert.Equal(61, b.Dataset("/exchange/recon").Attribute("first_row").Read<int>());
    }

    [Fact]
    public async Task The_live_volume_equals_the_offline_reconstruction_of_the_same_file()
    {
        string plan = Path.Combine(_directory, "local.yaml");
        await File.WriteAllTextAsync(plan, File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml"))
            .Replace("at: [start, end]", "at: [start]", StringComparison.Ordinal)
            .Replace("center: auto", "center: 63.75", StringComparison.Ordinal));
        CliRun scan = await CliRun.RunAsync("scan", plan, "--instrument", RepositoryPaths.Instrument("demo"), "--out", _directory, "--publish", "tcp://127.0.0.1:*", "--speed", "10", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        JsonElement summary = JsonDocument.Parse(scan.Output).RootElement;
        Assert.StartsWith("live volume", summary.GetProperty("reconstruction").GetProperty("outcome").GetString(), StringComparison.Ordinal);
        string live = summary.GetProperty("files").GetProperty("recon").GetString()!;
        string offline = Path.Combine(_directory, "offline.h5");

        CliRun recon = await CliRun.RunAsync("recon", summary.GetProperty("files").GetProperty("raw").GetString()!, "--center", "63.75", "--flats", "preceding", "--out", offline);

        Assert.Equal(0, recon.ExitCode);
        using var a = H5File.OpenRead(live);
        using var b = H5File.OpenRead(offline);
        float[] liveVolume = a.Dataset("/exchange/recon").Read<float[]>();
        float[] offlineVolume = b.Dataset("/exchange/recon").Read<float[]>();

        // Bit for bit when every frame reached the live path (the unit tests check that deterministically); frames read
        // back at the end are added out of order, which may change the last bits of the sums.
        double range = offlineVolume.Max() - offlineVolume.Min();
        Assert.Equal(offlineVolume.Length, liveVolume.Length);
        Assert.True(liveVolume.Zip(offlineVolume).Max(p => Math.Abs(p.First - p.Second)) <= 1e-5 * range);
    }

    [Theory]
    [InlineData("no-data", "is neither Data Exchange")]
    [InlineData("no-flats", "has no flats (/exchange/data_white)")]
    [InlineData("theta-length", "/exchange/theta has 3 angles for 4 projections")]
    [InlineData("zero-flats", "the flats are all zero")]
    [InlineData("nan-flats", "not finite numbers")]
    [InlineData("angles-order", "angles must increase: angle 2 is 10° after 90°")]
    [InlineData("shape", "/exchange/data_white frames are 2 x 7; the projections are 2 x 8")]
    [InlineData("energy-without-flats", "no flats were taken at 8400 eV; a spectral scan needs flats at every energy")]
    [InlineData("energy-one-angle", "only one projection at 8400 eV")]
    public async Task Bad_files_are_refused_with_what_is_wrong(string problem, string message)
    {
        string path = Path.Combine(_directory, problem + ".h5");
        BadFile(problem).Write(path);

        CliRun run = await CliRun.RunAsync("recon", path, "--center", "3.5");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_directory, problem + "_recon.h5")));
    }

    [Fact]
    public async Task A_centre_outside_the_detector_is_refused()
    {
        string path = Path.Combine(_directory, "good.h5");
        BadFile("none").Write(path);

        CliRun run = await CliRun.RunAsync("recon", path, "--center", "9");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("rotation axis at column 9 lies outside the detector's columns 0–7", run.Error, StringComparison.Ordinal);
    }

    private async Task<string> ScanAsync(params string[] extra)
    {
        CliRun scan = await CliRun.RunAsync(["scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", "off", "--speed", "50", "--json", .. extra]);
        Assert.True(scan.ExitCode == 0, scan.Error);
        return JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
    }

    /// <summary>A 4-projection, 2 × 8 Data Exchange file with one thing wrong.</summary>
    private static H5File BadFile(string problem)
    {
        ushort[] Frames(int count, ushort value) => [.. Enumerable.Repeat(value, count * 16)];
        var exchange = new H5Group
        {
            ["data"] = new H5Dataset(Frames(4, 500), fileDims: [4, 2, 8]),
            ["data_dark"] = new H5Dataset(Frames(2, 10), fileDims: [2, 2, 8]),
            ["theta"] = problem switch
            {
                "theta-length" => new[] { 0.0, 45, 90 },
                "angles-order" => new[] { 0.0, 90, 10, 135 },
                _ => new[] { 0.0, 45, 90, 135 },
            },
        };
        if (problem.StartsWith("energy-", StringComparison.Ordinal))
        {
            exchange["energy"] = problem == "energy-one-angle" ? new[] { 8300.0, 8300, 8300, 8400 } : new[] { 8300.0, 8300, 8400, 8400 };
            exchange["energy_white"] = problem == "energy-one-angle" ? new[] { 8300.0, 8400, 8400 } : new[] { 8300.0, 8300, 8300 };
        }

        if (problem != "no-flats")
        {
            exchange["data_white"] = problem switch
            {
                "zero-flats" => new H5Dataset(Frames(3, 0), fileDims: [3, 2, 8]),
                "nan-flats" => new H5Dataset(Enumerable.Repeat(float.NaN, 3 * 16).ToArray(), fileDims: [3, 2, 8]),
                "shape" => new H5Dataset(Enumerable.Repeat((ushort)1000, 3 * 14).ToArray(), fileDims: [3, 2, 7]),
                _ => new H5Dataset(Frames(3, 1000), fileDims: [3, 2, 8]),
            };
        }

        return problem == "no-data" ? new H5File { ["other"] = exchange } : new H5File { ["exchange"] = exchange };
    }
}
