using System.Globalization;
using System.Text.Json;
using PureHDF;
using XrayController.Core.Instruments;
using XrayController.Pipelines.Techniques.ParallelBeam;
using XrayController.Simulators;
using XrayController.Simulators.Physics;
using XrayController.Simulators.Truth;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Cli;

/// <summary>A small cone-beam scan on a shrunken lab microscope (128 × 64 panel, the lab geometry's magnification 4.9), simulated with exact cone-beam line integrals and reconstructed by FDK.</summary>
public sealed class ConeScanTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-cone-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static float[] Volume(string path)
    {
        using var file = H5File.OpenRead(path);
        return file.Dataset("/exchange/recon").Read<float[]>();
    }

    /// <summary>Runs a plan on the shrunken lab profile (written beside it as lab-small.json); the raw file.</summary>
    private async Task<string> ScanAsync(string name, string yaml)
    {
        await File.WriteAllTextAsync(ProfilePath, SmallProfiles.LabXrm());
        string plan = Path.Combine(_directory, name + ".yaml");
        await File.WriteAllTextAsync(plan, yaml);
        CliRun scan = await CliRun.RunAsync("scan", plan, "--out", _directory, "--publish", "off", "--instrument", ProfilePath, "--speed", "20", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        return JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
    }

    private string ProfilePath => Path.Combine(_directory, "lab-small.json");

    [Fact]
    public async Task A_simulated_cone_beam_scan_is_reconstructed_by_fdk_against_the_phantom()
    {
        string raw = await ScanAsync("cone", SmallProfiles.LabConePlan);

        CliRun recon = await CliRun.RunAsync("recon", raw, "--json");
        Assert.True(recon.ExitCode == 0, recon.Error);
        using JsonDocument json = JsonDocument.Parse(recon.Output);
        string output = json.RootElement.GetProperty("output").GetString()!;
        Assert.InRange(json.RootElement.GetProperty("center_px").GetDouble(), 64.3 - 0.25, 64.3 + 0.25);
        using (var file = H5File.OpenRead(output))
        {
            IH5Dataset volume = file.Dataset("/exchange/recon");
            Assert.Equal([64UL, 128, 128], volume.Space.Dimensions);
            Assert.Equal("fdk", volume.Attribute("algorithm").Read<string>());
            Assert.Equal(400 / 4.9, volume.Attribute("voxel_size_um").Read<double>(), 6);
        }

        InstrumentProfile read = InstrumentProfileReader.Read(await File.ReadAllTextAsync(ProfilePath), "lab-small.json").Profile!;
        SliceQuality quality = new PhantomComparison(SimulationScene.Create(read).Phantom!).CentralSlice(output, 64);
        Assert.True(quality.RelativeRmse < 0.12, $"central slice RMSE {quality.RelativeRmse:P1} of the phantom's largest attenuation");

        double center = json.RootElement.GetProperty("center_px").GetDouble();
        string geometry = Path.Combine(_directory, "geometry.json");
        await File.WriteAllTextAsync(geometry, string.Create(System.Globalization.CultureInfo.InvariantCulture, $$"""{ "sod_mm": 50, "sdd_mm": 245, "pixel_size_mm": [0.4, 0.4], "detector_offset_px": [{{center - 63.5}}, 0] }"""));
        string fromGeometry = Path.Combine(_directory, "geometry_recon.h5");
        CliRun given = await CliRun.RunAsync("recon", raw, "--geometry", geometry, "--out", fromGeometry);
        Assert.True(given.ExitCode == 0, given.Error);
        Assert.Equal(Volume(output), Volume(fromGeometry));

        await File.WriteAllTextAsync(geometry, """{ "sod_mm": 250, "sdd_mm": 245, "pixel_size_mm": [0.4, 0.4] }""");
        CliRun inconsistent = await CliRun.RunAsync("recon", raw, "--geometry", geometry, "--out", Path.Combine(_directory, "y.h5"));
        Assert.Equal(2, inconsistent.ExitCode);
        Assert.Contains("sdd_mm (245) must exceed sod_mm (250)", inconsistent.Error, StringComparison.Ordinal);
        await File.WriteAllTextAsync(geometry, """{ "sod_mm": 50, "sdd_mm": 245, "pixel_size_mm": [0.4, 0.4], "pixel_pitch": 1 }""");
        Assert.Contains("unknown key 'pixel_pitch'", (await CliRun.RunAsync("recon", raw, "--geometry", geometry)).Error, StringComparison.Ordinal);

        // A grid as RTK states one: 24 x 24 x 8 voxels of 0.1 mm, its first voxel's centre given.
        string gridded = Path.Combine(_directory, "grid.h5");
        CliRun grid = await CliRun.RunAsync("recon", raw, "--grid", "24,24,8", "--voxel-um", "100", "--origin-mm", "-1.15,-1.15,-0.35", "--out", gridded);
        Assert.True(grid.ExitCode == 0, grid.Error);
        using (var file = H5File.OpenRead(gridded))
        {
            IH5Dataset volume = file.Dataset("/exchange/recon");
            Assert.Equal([8UL, 24, 24], volume.Space.Dimensions);
            Assert.Equal([-1.15, -1.15, -0.35], volume.Attribute("grid_origin_mm").Read<double[]>().Select(v => Math.Round(v, 9)));
        }

        CliRun originAlone = await CliRun.RunAsync("recon", raw, "--origin-mm", "0,0,0");
        Assert.Equal((2, "xrayctl: --origin-mm places the grid --grid gives: add --grid NX,NY,NZ"), (originAlone.ExitCode, originAlone.Error.Trim()));
        CliRun badGrid = await CliRun.RunAsync("recon", raw, "--grid", "24,24");
        Assert.Equal(2, badGrid.ExitCode);
        Assert.Contains("--grid must be NX,NY,NZ", badGrid.Error, StringComparison.Ordinal);

        // Local tomography: a 4 mm region off the axis on 40 µm voxels (the natural one is 81.6 µm).
        string roi = Path.Combine(_directory, "roi.h5");
        CliRun local = await CliRun.RunAsync("recon", raw, "--roi", "1.0,-0.5,4", "--voxel-um", "40", "--out", roi);
        Assert.True(local.ExitCode == 0, local.Error);
        using (var file = H5File.OpenRead(roi))
        {
            IH5Dataset volume = file.Dataset("/exchange/recon");
            Assert.Equal([131UL, 100, 100], volume.Space.Dimensions);
            Assert.Equal(40, volume.Attribute("voxel_size_um").Read<double>(), 9);
            Assert.Equal([1.0, -0.5], volume.Attribute("roi_center_mm").Read<double[]>());
            Assert.Equal(1, volume.Attribute("truncation_extended").Read<int>());
            float[] values = volume.Read<float[]>();
            Phantom phantom = SimulationScene.Create(read).Phantom!;
            double sum = 0, largest = 0;
            int count = 0;
            int k = 65;
            double z = (65.0 - k) * 0.04;
            for (int i = 0; i < 100; i++)
            {
                for (int j = 0; j < 100; j++)
                {
                    double x = ((j - 50) * 0.04) + 1.0, y = ((50 - i) * 0.04) - 0.5;
                    double truth = phantom.AttenuationAt(new Vector3D(x, y, z));
                    sum += Math.Pow(values[(((k * 100) + i) * 100) + j] - truth, 2);
                    largest = Math.Max(largest, truth);
                    count++;
                }
            }

            Assert.True(Math.Sqrt(sum / count) / largest < 0.15, $"region RMSE {Math.Sqrt(sum / count) / largest:P1}");
        }

        CliRun outside = await CliRun.RunAsync("recon", raw, "--roi", "4,0,4", "--out", Path.Combine(_directory, "w.h5"));
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("outside the field of view", outside.Error, StringComparison.Ordinal);

        CliRun sliced = await CliRun.RunAsync("recon", raw, "--slices", "0:4", "--out", Path.Combine(_directory, "z.h5"));
        Assert.Equal(2, sliced.ExitCode);
        Assert.Contains("is a cone-beam scan, reconstructed whole", sliced.Error, StringComparison.Ordinal);

        CliRun wrong = await CliRun.RunAsync("recon", raw, "--algorithm", "fbp", "--out", Path.Combine(_directory, "x.h5"));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("reconstruct it with fdk", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_vertical_tiles_are_reconstructed_and_stitched_into_one_volume_that_matches_the_phantom()
    {
        string raw = await ScanAsync("tiles", """
            name: tiles
            technique: cone-ct
            instrument: lab-xrm
            sample: { name: battery, out_of_beam: { x_mm: 30 } }
            detector: { exposure_s: 0.01, binning: 1 }
            rotation: { start_deg: 0, range_deg: 360, count: 120, mode: step }
            tiles: { start_mm: 0, count: 2, overlap_mm: 2.0 }
            flats: { count: 5, at: [each_tile] }
            darks: { count: 5, at: [start] }
            order: [tiles, rotation]
            reconstruction: { algorithm: fdk, filter: shepp-logan, center: auto }
            """);
        CliRun recon = await CliRun.RunAsync("recon", raw, "--json");
        Assert.True(recon.ExitCode == 0, recon.Error);
        string output = JsonDocument.Parse(recon.Output).RootElement.GetProperty("output").GetString()!;

        // 64 rows of 400 µm / 4.9 = 5.224 mm a tile; the second is 3.224 mm lower: 64 + 39.5 slices.
        double voxelMm = 0.4 / 4.9;
        int slices;
        using (var file = H5File.OpenRead(output))
        {
            IH5Dataset volume = file.Dataset("/exchange/recon");
            slices = (int)volume.Space.Dimensions[0];
            Assert.InRange(slices, 102, 104);
            Assert.Equal(31.5 * voxelMm, volume.Attribute("top_z_mm").Read<double>(), 9);
            Assert.Equal([0, (64 * voxelMm) - 2.0], volume.Attribute("tile_positions_mm").Read<double[]>(), (a, b) => Math.Abs(a - b) < 1e-9);
            double correlation = volume.Attribute("seam_correlation").Read<double[]>()[0];
            Assert.True(correlation > 0.9, $"seam correlation {correlation}, shift {volume.Attribute("seam_shift_voxels").Read<double[]>()[0]}");
            Assert.InRange(volume.Attribute("seam_shift_voxels").Read<double[]>()[0], -0.5, 0.5);
        }

        InstrumentProfile read = InstrumentProfileReader.Read(await File.ReadAllTextAsync(ProfilePath), "lab-small.json").Profile!;
        Phantom phantom = SimulationScene.Create(read).Phantom!;
        foreach (int slice in new[] { 20, slices / 2, slices - 20 })
        {
            SliceQuality quality = new PhantomComparison(phantom).Slice(output, 64, slice);
            Assert.True(quality.RelativeRmse < 0.15, $"slice {slice}: RMSE {quality.RelativeRmse:P1} of the phantom's largest attenuation");
        }

        // Under 10 MB each tile is made in slabs and the stitch a few slices at a time: the same volume bit for bit,
        // within the estimate's peak, the scratch tiles gone; below the smallest budget, refused before anything is written.
        string small = Path.Combine(_directory, "small.h5");
        CliRun estimate = await CliRun.RunAsync("recon", raw, "--memory-gb", "0.01", "--out", small, "--estimate", "--json");
        JsonElement figures = JsonDocument.Parse(estimate.Output).RootElement;
        Assert.InRange(figures.GetProperty("peak_memory_bytes").GetInt64(), figures.GetProperty("minimum_budget_bytes").GetInt64(), 10_000_000);
        Assert.Equal(2, figures.GetProperty("units").GetInt32());
        Assert.Equal(128L * 128 * 103 * sizeof(float), figures.GetProperty("bytes_written").GetInt64());
        long minimum = figures.GetProperty("minimum_budget_bytes").GetInt64();
        foreach (long budget in new[] { 10_000_000, minimum })
        {
            string slabbedOutput = Path.Combine(_directory, $"small-{budget}.h5");
            CliRun slabbed = await CliRun.RunAsync("recon", raw, "--memory-gb", (budget / 1e9).ToString("0.#########", CultureInfo.InvariantCulture), "--out", slabbedOutput);
            Assert.True(slabbed.ExitCode == 0, slabbed.Error);
            Assert.Equal(Volume(output), Volume(slabbedOutput));
            Assert.False(Directory.Exists(slabbedOutput + ".tiles"));
        }

        CliRun refused = await CliRun.RunAsync("recon", raw, "--memory-gb", (minimum * 0.9 / 1e9).ToString("0.#########", CultureInfo.InvariantCulture), "--out", Path.Combine(_directory, "tiny.h5"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("the stitched reconstruction of 2 tiles", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "tiny.h5")));
    }

}
