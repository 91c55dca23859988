using System.Text.Json;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// <c>xrayctl analyze xanes</c> on a spectral stack written by h5py (as another program would), its output read back by
/// h5py and compared with the phantom's truth by the independent script <c>tests/interop/xanes_stack.py</c>.
/// </summary>
public sealed class XanesInteropTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xanes-interop-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task A_stack_written_by_h5py_gives_the_phantoms_edges_fragments_and_particles()
    {
        await Python.RequireAsync("h5py", "numpy");
        string stack = Path.Combine(_directory, "stack.h5");
        string output = Path.Combine(_directory, "analysis");
        ProcessRun write = await ProcessRun.RunAsync(Python.Interpreter, [Python.Script("xanes_stack.py"), "write", stack], TimeSpan.FromMinutes(1));
        Assert.True(write.ExitCode == 0, write.Error);

        ProcessRun analyse = await Xrayctl.RunAsync("analyze", "xanes", stack, "--voxel-um", "0.12", "--out", output);

        Assert.True(analyse.ExitCode == 0, analyse.Error);
        Assert.Contains("2 particles (1 intact, 1 mild), 3 fragments", analyse.Output);
        Assert.Contains("1 with NaN/inf values", analyse.Output);
        JsonElement report = await Python.ReportAsync("xanes_stack.py", "check", stack, Path.Combine(output, "xanes.h5"));
        Assert.InRange(report.GetProperty("rms_interior_ev").GetDouble(), 0, 0.2);
        Assert.Equal(0, report.GetProperty("interior_masked").GetInt32());
        Assert.True(report.GetProperty("nan_outside_mask").GetBoolean());
        Assert.Equal(3, report.GetProperty("fragments").GetInt32());
        Assert.Equal(2, report.GetProperty("particles").GetInt32());
        Assert.Equal(63, report.GetProperty("energies").GetInt32());
        foreach (JsonProperty fragment in report.GetProperty("fragment_sizes").EnumerateObject())
        {
            Assert.Equal(fragment.Value.GetProperty("truth").GetInt32(), fragment.Value.GetProperty("found").GetInt32());
        }

        await The_estimate_holds_and_a_budget_of_one_slice_gives_the_same_file(stack, Path.Combine(output, "xanes.h5"));
        string[] fragments = File.ReadAllLines(Path.Combine(output, "fragments.csv"));
        Assert.Equal("id,voxels,volume_um3,edge_voxels,mean_edge_ev,size_group,parent_particle", fragments[0]);
        Assert.Equal(4, fragments.Length);
        foreach (string figure in new[] { "fragments_edge_vs_volume", "grains_std_vs_mean", "edge_map_middle_slice", "mean_spectrum" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(output, figure + ".png"));
            Assert.Equal((byte[])[0x89, 0x50, 0x4E, 0x47], png[..4]);
        }
    }

    /// <summary>The estimate's bytes are the file's; its smallest budget (slabs of one slice) writes the same file byte for byte; below it, exit 2 with that budget.</summary>
    private async Task The_estimate_holds_and_a_budget_of_one_slice_gives_the_same_file(string stack, string written)
    {
        ProcessRun estimate = await Xrayctl.RunAsync("analyze", "xanes", stack, "--voxel-um", "0.12", "--estimate", "--json");
        Assert.True(estimate.ExitCode == 0, estimate.Error);
        JsonElement figures = JsonDocument.Parse(estimate.Output).RootElement;
        Assert.Equal("XANES analysis", figures.GetProperty("technique").GetString());
        Assert.InRange(new FileInfo(written).Length - figures.GetProperty("bytes_written").GetInt64(), 0, 200_000);
        long minimum = figures.GetProperty("minimum_budget_bytes").GetInt64();
        string gigabytes = (minimum / 1e9).ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        string slabbed = Path.Combine(_directory, "slabbed");
        ProcessRun small = await Xrayctl.RunAsync("analyze", "xanes", stack, "--voxel-um", "0.12", "--out", slabbed, "--memory-gb", gigabytes);
        ProcessRun smaller = await Xrayctl.RunAsync("analyze", "xanes", stack, "--voxel-um", "0.12", "--out", Path.Combine(_directory, "refused"), "--memory-gb", ((minimum - 1000) / 1e9).ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(small.ExitCode == 0, small.Error);
        Assert.Equal(File.ReadAllBytes(written), File.ReadAllBytes(Path.Combine(slabbed, "xanes.h5")));
        Assert.Equal(2, smaller.ExitCode);
        Assert.Contains("or more", smaller.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "refused")));
    }

    [Fact]
    public async Task A_file_without_an_energy_axis_is_refused_by_name()
    {
        string path = Path.Combine(_directory, "no-energy.h5");
        new PureHDF.H5File { ["exchange"] = new PureHDF.H5Group { ["recon"] = new float[2 * 3 * 4 * 5] } }.Write(path);

        ProcessRun analyse = await Xrayctl.RunAsync("analyze", "xanes", path, "--voxel-um", "0.1");

        Assert.Equal(2, analyse.ExitCode);
        Assert.Contains("no-energy.h5 has no /exchange/energy: the XANES analysis needs an energy axis", analyse.Error);
    }
}
