using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// The holotomography demo end to end: <c>xrayctl scan plans/holotomo-demo.yaml</c> acquires the simulated cathode
/// piece at four distances (previewed live: Paganin during the first distance, then the multi-distance retrieval as each
/// angle completes), retrieves the phase (iterative CTF), reconstructs δ, analyses the fragments and compares
/// with the simulator's truth (and Paganin's retrieval of the same data); the files are read back with h5py, the
/// fragment analysis is run again by its own command, and damaged copies of the scan file are refused with the reason.
/// </summary>
public sealed class HolotomoDemoTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("holotomo-demo-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task The_demo_meets_the_holotomography_targets_against_the_simulated_truth()
    {
        await Python.RequireAsync("h5py", "numpy");

        string endpoint = $"tcp://127.0.0.1:{LoopbackPorts.Free()}";
        ProcessRun scan = await Xrayctl.RunAsync(TimeSpan.FromMinutes(5), "scan", RepositoryPaths.Plan("holotomo-demo.yaml"), "--out", _directory, "--publish", endpoint, "--json");

        Assert.True(scan.ExitCode == 0, scan.Error);
        JsonElement summary = JsonDocument.Parse(scan.Output).RootElement;
        JsonElement live = summary.GetProperty("reconstruction");
        Assert.Equal("phase previews", live.GetProperty("outcome").GetString());
        Assert.Equal(150, live.GetProperty("paganin_projections").GetInt32());
        Assert.Equal(150, live.GetProperty("projections_reconstructed").GetInt32());
        JsonElement holo = summary.GetProperty("holotomography");
        JsonElement truth = holo.GetProperty("truth");
        Assert.Equal("ctf", holo.GetProperty("phase_retrieval").GetString());
        Assert.Equal(4, holo.GetProperty("distances").GetInt32());
        Assert.True(truth.GetProperty("pearson_r").GetDouble() >= 0.95, truth.ToString());
        Assert.InRange(truth.GetProperty("registration_rms_px").GetDouble(), 0, 0.1);
        Assert.True(truth.GetProperty("pearson_r").GetDouble() > truth.GetProperty("paganin_pearson_r").GetDouble(), truth.ToString());
        Assert.InRange(holo.GetProperty("frc_resolution_um").GetDouble(), 0.14, 0.6);
        int fragments = holo.GetProperty("fragments").GetInt32();
        int truthFragments = truth.GetProperty("fragments").GetInt32();
        Assert.InRange(fragments, truthFragments * 0.8, truthFragments * 1.2);
        Assert.InRange(holo.GetProperty("particles").GetInt32(), truth.GetProperty("particles").GetInt32() - 2, truth.GetProperty("particles").GetInt32() + 2);

        string raw = summary.GetProperty("files").GetProperty("raw").GetString()!;
        string recon = holo.GetProperty("recon").GetString()!;
        JsonElement files = await Python.ReportAsync("holotomo_files.py", "describe", raw, recon);
        Assert.Equal([35.0, 35.6, 37.0, 41.0], files.GetProperty("distances_mm").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(1208 / 35.0, files.GetProperty("magnification")[0].GetDouble(), 9);
        Assert.Equal(35 * 1173 / 1208.0, files.GetProperty("propagation_distance_mm")[0].GetDouble(), 9);
        Assert.Equal(4, files.GetProperty("frame_magnifications").GetArrayLength());
        Assert.Equal(4, files.GetProperty("frame_propagation_mm").GetArrayLength());
        Assert.Equal([0, 1, 2, 3], files.GetProperty("flat_distance_indices").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([128, 128, 128], files.GetProperty("recon_shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("delta", files.GetProperty("quantity").GetString());
        Assert.Equal("1", files.GetProperty("units").GetString());
        Assert.True(files.GetProperty("recon_finite").GetBoolean());
        Assert.Equal(2.4 * 2 / (1208 / 35.0), files.GetProperty("voxel_size_um").GetDouble(), 9);
        Assert.Equal(33600, files.GetProperty("energy_ev").GetDouble());

        // Inside the pillar the volume is mostly carbon/binder matrix (δ 2.2e-7 at 33.6 keV) with NMC particles (8.3e-7).
        Assert.InRange(files.GetProperty("delta_median_inside").GetDouble(), 0.5e-7, 3.5e-7);
        Assert.InRange(files.GetProperty("delta_p995_inside").GetDouble(), 5e-7, 1.1e-6);

        string analysis = Path.Combine(_directory, "again");
        ProcessRun fragmentsRun = await Xrayctl.RunAsync(TimeSpan.FromMinutes(2), "analyze", "fragments", recon, "--out", analysis, "--json");
        Assert.True(fragmentsRun.ExitCode == 0, fragmentsRun.Error);
        JsonElement analysed = JsonDocument.Parse(fragmentsRun.Output).RootElement;
        Assert.Equal(("fragments", analysis), (analysed.GetProperty("analysis").GetString(), analysed.GetProperty("output_dir").GetString()));
        Assert.Contains(Path.Combine(analysis, "fragment_size_trend.png"), analysed.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
        Assert.Contains($"{fragments} fragments", await File.ReadAllTextAsync(analysed.GetProperty("report").GetString()!), StringComparison.Ordinal);
        Assert.Equal("region,from_depth_um,to_depth_um,fragments,median_diameter_um,mean_diameter_um", string.Join(',', File.ReadLines(Path.Combine(analysis, "depth_regions.csv")).First().Split(',').Take(6)));
        Assert.Equal(6, File.ReadAllLines(Path.Combine(analysis, "depth_regions.csv")).Length);
        Assert.Equal(fragments + 1, File.ReadAllLines(Path.Combine(analysis, "fragments.csv")).Length);
        Assert.True(new FileInfo(Path.Combine(analysis, "fragment_size_by_depth.png")).Length > 10_000);

        foreach ((string mode, string reason) in new[]
        {
            ("flats", "no flats were taken at distance 1 (35.6 mm)"),
            ("distances", "the distances must be distinct"),
            ("energy", "needs the one photon energy"),
        })
        {
            string broken = Path.Combine(_directory, $"broken-{mode}.h5");
            ProcessRun damage = await ProcessRun.RunAsync(Python.Interpreter, [Python.Script("holotomo_files.py"), "break", raw, broken, mode], TimeSpan.FromMinutes(1));
            Assert.True(damage.ExitCode == 0, damage.Error);
            ProcessRun refused = await Xrayctl.RunAsync(TimeSpan.FromMinutes(2), "recon", broken, "--out", Path.Combine(_directory, $"broken-{mode}_recon.h5"));
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains(reason, refused.Error, StringComparison.Ordinal);
        }

        ProcessRun paganin = await Xrayctl.RunAsync(TimeSpan.FromMinutes(2), "recon", raw, "--phase", "paganin", "--out", Path.Combine(_directory, "paganin.h5"));
        Assert.Equal(2, paganin.ExitCode);
        Assert.Contains("needs δ/β", paganin.Error, StringComparison.Ordinal);
    }
}
