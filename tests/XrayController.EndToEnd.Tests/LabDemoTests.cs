using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// The lab cone-beam demo end to end: <c>xrayctl scan plans/lab-demo.yaml</c> acquires two vertical tiles of the
/// simulated wound cell (reconstructed live by FDK as the frames stream), reconstructs each by FDK from the file, stitches them, inspects the cell and compares with the phantom; the
/// files are read back with h5py and the inspection is run again by its own command.
/// </summary>
public sealed class LabDemoTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lab-demo-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task The_demo_stitches_two_tiles_and_finds_the_electrode_thickness_and_the_planted_defects()
    {
        await Python.RequireAsync("h5py", "numpy");

        string endpoint = $"tcp://127.0.0.1:{LoopbackPorts.Free()}";
        ProcessRun scan = await Xrayctl.RunAsync(TimeSpan.FromMinutes(5), "scan", RepositoryPaths.Plan("lab-demo.yaml"), "--out", _directory, "--publish", endpoint, "--json");

        Assert.True(scan.ExitCode == 0, scan.Error);
        JsonElement summary = JsonDocument.Parse(scan.Output).RootElement;
        Assert.Equal("completed", summary.GetProperty("status").GetString());
        JsonElement live = summary.GetProperty("reconstruction");
        Assert.Equal("cone-beam previews", live.GetProperty("outcome").GetString());
        Assert.Equal(600, live.GetProperty("projections_reconstructed").GetInt32());
        Assert.Contains(live.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("live FDK of each tile (300 projections a tile)", StringComparison.Ordinal));
        JsonElement lab = summary.GetProperty("lab_ct");
        Assert.Equal(2, lab.GetProperty("tiles").GetInt32());
        JsonElement truth = lab.GetProperty("truth");
        Assert.InRange(truth.GetProperty("mean_error_um").GetDouble(), -1.5, 1.5);
        Assert.InRange(truth.GetProperty("rms_error_um").GetDouble(), 0, 3.5);
        Assert.True(truth.GetProperty("within_3um").GetDouble() >= 0.75, truth.ToString());
        Assert.True(truth.GetProperty("compared").GetInt32() > 100_000, truth.ToString());
        JsonElement coats = truth.GetProperty("coats");
        Assert.InRange(coats.GetProperty("mean_error_um").GetDouble(), -3, 3);
        Assert.True(coats.GetProperty("compared").GetInt32() > truth.GetProperty("compared").GetInt32(), coats.ToString());
        Assert.Equal(2, truth.GetProperty("defects_planted").GetInt32());
        Assert.Equal(2, truth.GetProperty("defects_found").GetInt32());
        Assert.Equal(0, truth.GetProperty("false_defects").GetInt32());

        string raw = summary.GetProperty("files").GetProperty("raw").GetString()!;
        string recon = lab.GetProperty("recon").GetString()!;
        JsonElement files = await Python.ReportAsync("cone_files.py", "describe", raw, recon);
        Assert.Equal("cone", files.GetProperty("beam").GetString());
        Assert.Equal([300, 300], files.GetProperty("projections_per_tile").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0, 1], files.GetProperty("flat_tiles").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([600, 3, 4], files.GetProperty("matrices_shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(files.GetProperty("matrix_source_error_mm").GetDouble() < 1e-6 && files.GetProperty("matrix_pixel_error").GetDouble() < 1e-6, files.ToString());
        double voxelMm = 0.0495 / 4.9;
        double[] positions = [.. files.GetProperty("tile_positions_mm").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal([0, (96 * voxelMm) - 0.3], positions, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(positions, files.GetProperty("recon_tile_positions_mm").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("fdk", files.GetProperty("algorithm").GetString());
        Assert.True(files.GetProperty("recon_finite").GetBoolean());
        Assert.Equal(47.5 * voxelMm, files.GetProperty("top_z_mm").GetDouble(), 9);
        Assert.Equal((-47.5 * voxelMm) - positions[1], files.GetProperty("bottom_z_mm").GetDouble(), 2);
        Assert.Equal([162, 384, 384], files.GetProperty("recon_shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.True(files.GetProperty("seam_correlation")[0].GetDouble() > 0.9);

        string again = Path.Combine(_directory, "again");
        ProcessRun analyze = await Xrayctl.RunAsync(TimeSpan.FromMinutes(2), "analyze", "cell", recon, "--out", again);
        Assert.True(analyze.ExitCode == 0, analyze.Error);
        Assert.Contains("2 defects", analyze.Output, StringComparison.Ordinal);
        foreach (string name in new[] { "cell_inspection.json", "electrode_thickness.csv", "defects.csv", "electrode_thickness.png", "defect_1_copper-deflection_xy.png", "defect_2_void_xz.png" })
        {
            Assert.True(File.Exists(Path.Combine(again, name)), name);
            Assert.True(File.Exists(Path.Combine(lab.GetProperty("inspection_dir").GetString()!, name)), name);
        }

        string[] defects = await File.ReadAllLinesAsync(Path.Combine(again, "defects.csv"));
        Assert.Equal(3, defects.Length);
        Assert.Contains(defects, line => line.StartsWith("void,", StringComparison.Ordinal));
        Assert.Contains(defects, line => line.StartsWith("copper-deflection,", StringComparison.Ordinal));

        // The zoom into the void the overview found, its region taken from the inspection's defect list.
        int voidIndex = Array.FindIndex(defects, line => line.StartsWith("void,", StringComparison.Ordinal)) - 1;
        double[] voidCentre = [.. defects[voidIndex + 1].Split(',')[7..10].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
        string zoomPlan = Path.Combine(again, "zoom.yaml");
        await File.WriteAllTextAsync(zoomPlan, (await File.ReadAllTextAsync(RepositoryPaths.Plan("lab-demo-zoom.yaml")))
            .Replace("x_mm: 0.487, y_mm: -0.682, z_mm: -0.702", $"from: defects.csv, index: {voidIndex}", StringComparison.Ordinal)
            .Replace("count: 1600", "count: 200", StringComparison.Ordinal));
        ProcessRun zoom = await Xrayctl.RunAsync(TimeSpan.FromMinutes(3), "scan", zoomPlan, "--out", Path.Combine(_directory, "zoom"), "--speed", "20", "--json");
        Assert.True(zoom.ExitCode == 0, zoom.Error);
        JsonElement zoomed = JsonDocument.Parse(zoom.Output).RootElement;
        Assert.Equal("completed", zoomed.GetProperty("status").GetString());
        JsonElement zoomFiles = await Python.ReportAsync("cone_files.py", "zoom", zoomed.GetProperty("files").GetProperty("raw").GetString()!, zoomed.GetProperty("lab_ct").GetProperty("recon").GetString()!);
        Assert.Equal("objective-4x", zoomFiles.GetProperty("configuration").GetString());
        Assert.Equal(voidCentre, zoomFiles.GetProperty("roi_centre_mm").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(voidCentre, zoomFiles.GetProperty("recon_roi_centre_mm").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(1.2, zoomFiles.GetProperty("voxel_size_um").GetDouble(), 9);
        Assert.Equal([64, 250, 250], zoomFiles.GetProperty("recon_shape").EnumerateArray().Select(e => e.GetInt32()));

        // The zoom inspection ran after the scan (its measurement against the truth, at the plan's 1600 views, is ZoomScanTests').
        JsonElement zoomLab = zoomed.GetProperty("lab_ct");
        Assert.Equal("zoom", zoomLab.GetProperty("inspection_kind").GetString());
        Assert.True(File.Exists(Path.Combine(zoomLab.GetProperty("inspection_dir").GetString()!, "zoom_layers.csv")));
        Assert.True(zoomLab.GetProperty("inspection").GetProperty("lines").GetInt32() > 1000);
    }
}
