using System.Diagnostics;
using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>The demo scan run by the xrayctl executable, its file read by h5py and its stream by pyzmq + cbor2.</summary>
public sealed class DemoScanTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-e2e-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task H5py_reads_the_demo_file_with_its_shapes_angles_image_keys_and_provenance()
    {
        await Python.RequireAsync("h5py", "numpy");

        ProcessRun scan = await Xrayctl.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", "off", "--speed", "20", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        string file = JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;

        JsonElement report = await Python.ReportAsync("read_scan_file.py", file);

        Assert.Equal([180, 128, 128], report.GetProperty("shapes").GetProperty("data").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([20, 128, 128], report.GetProperty("shapes").GetProperty("data_white").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([10, 128, 128], report.GetProperty("shapes").GetProperty("data_dark").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("uint16", report.GetProperty("dtype").GetString());
        Assert.Equal(Enumerable.Range(0, 180).Select(i => (double)i), report.GetProperty("theta").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("degrees", report.GetProperty("theta_units").GetString());
        Assert.Equal(180, report.GetProperty("image_key_counts").GetProperty("0").GetInt32());
        Assert.Equal(20, report.GetProperty("image_key_counts").GetProperty("1").GetInt32());
        Assert.Equal(10, report.GetProperty("image_key_counts").GetProperty("2").GetInt32());
        Assert.Equal(Enumerable.Range(0, 210), report.GetProperty("seq").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal(1, report.GetProperty("simulated").GetInt32());
        Assert.Equal(63.75, report.GetProperty("true_rotation_axis_px").GetDouble());
        Assert.Equal("demo-parallel", report.GetProperty("plan_name").GetString());
        Assert.True(report.GetProperty("plan_has_text").GetBoolean());
        Assert.StartsWith("0.1.0", report.GetProperty("software_version").GetString(), StringComparison.Ordinal);
        Assert.Equal(0.65, report.GetProperty("pixel_size_um").GetDouble(), 12);
    }

    [Fact]
    public async Task The_scan_keeps_a_report_with_its_figures_that_xrayctl_report_rebuilds_byte_for_byte()
    {
        ProcessRun scan = await Xrayctl.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", "off", "--speed", "20", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        JsonElement printed = JsonDocument.Parse(scan.Output).RootElement;
        string page = printed.GetProperty("files").GetProperty("report").GetString()!;
        string raw = printed.GetProperty("files").GetProperty("raw").GetString()!;
        string summaryFile = page[..^"_report.html".Length] + "_summary.json";
        JsonElement kept = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile)).RootElement;
        Assert.Equal(Path.GetFileName(raw), kept.GetProperty("files").GetProperty("raw").GetString());
        string[] figures = [.. kept.GetProperty("parallel").GetProperty("figures").EnumerateArray().Select(f => f.GetString()!)];
        Assert.Equal(6, figures.Length);
        string html = await File.ReadAllTextAsync(page);
        Assert.Equal(3, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains($"<a href=\"{Path.GetFileName(raw)}\">", html, StringComparison.Ordinal);
        Assert.Contains("name: demo-parallel", html, StringComparison.Ordinal);

        File.Delete(page);
        ProcessRun rebuilt = await Xrayctl.RunAsync("report", _directory);

        Assert.True(rebuilt.ExitCode == 0, rebuilt.Error);
        Assert.Equal(html, await File.ReadAllTextAsync(page));
        ProcessRun none = await Xrayctl.RunAsync("report", Path.Combine(_directory, "none"));
        Assert.Equal(2, none.ExitCode);
        Assert.Equal($"xrayctl: no folder or summary {Path.Combine(_directory, "none")}", none.Error.TrimEnd());
    }

    [SkippableFact]
    public async Task A_pyzmq_subscriber_receives_the_start_every_image_and_the_end()
    {
        await Python.RequireAsync("zmq", "cbor2", "numpy", "h5py");
        int port = LoopbackPorts.Free();
        string report = Path.Combine(_directory, "stream.json");
        using Process subscriber = ProcessRun.Start(Python.Interpreter, [Python.Script("subscribe_frames.py"), $"tcp://127.0.0.1:{port}", report, "60"]);

        ProcessRun scan = await Xrayctl.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", $"tcp://127.0.0.1:{port}", "--wait-subscribers", "1", "--speed", "10", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        await subscriber.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        JsonElement stream = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement;
        Assert.False(stream.TryGetProperty("timeout", out _), "the subscriber timed out");
        JsonElement start = stream.GetProperty("start");
        Assert.Equal(210, start.GetProperty("frame_count").GetInt32());
        Assert.Equal(180, start.GetProperty("angle_count").GetInt32());
        Assert.Equal([128, 128], start.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(63.75, start.GetProperty("rotation_axis_px").GetDouble());
        JsonElement[] images = [.. stream.GetProperty("images").EnumerateArray()];
        Assert.Equal(Enumerable.Range(0, 210), images.Select(i => i.GetProperty("seq").GetInt32()));
        Assert.Equal("completed", stream.GetProperty("end").GetProperty("status").GetString());
        Assert.Equal(210, stream.GetProperty("end").GetProperty("frame_count").GetInt32());

        string file = JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
        JsonElement sums = (await Python.ReportAsync("read_scan_file.py", file)).GetProperty("frame_sums_by_seq");
        Assert.All(images, i => Assert.Equal(sums.GetProperty(i.GetProperty("seq").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt64(), i.GetProperty("sum").GetInt64()));
    }

    /// <summary>A subscriber far slower than the scan (0.1 s a message, a queue of 10) misses messages; the scan and its file do not wait for it.</summary>
    [SkippableFact]
    public async Task A_slow_subscriber_misses_messages_but_neither_slows_nor_damages_the_scan()
    {
        await Python.RequireAsync("zmq", "cbor2", "numpy", "h5py");
        int port = LoopbackPorts.Free();
        string report = Path.Combine(_directory, "slow.json");
        using Process subscriber = ProcessRun.Start(Python.Interpreter, [Python.Script("subscribe_frames.py"), $"tcp://127.0.0.1:{port}", report, "5", "0.1"]);

        ProcessRun scan = await Xrayctl.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", $"tcp://127.0.0.1:{port}", "--wait-subscribers", "1", "--live", "off", "--speed", "10", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        await subscriber.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        JsonElement[] images = [.. JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement.GetProperty("images").EnumerateArray()];
        Assert.InRange(images.Length, 1, 209);
        string file = JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
        JsonElement inFile = await Python.ReportAsync("read_scan_file.py", file);
        Assert.Equal(Enumerable.Range(0, 210), inFile.GetProperty("seq").EnumerateArray().Select(e => e.GetInt32()));
        JsonElement sums = inFile.GetProperty("frame_sums_by_seq");
        Assert.All(images, i => Assert.Equal(sums.GetProperty(i.GetProperty("seq").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt64(), i.GetProperty("sum").GetInt64()));
    }

    [SkippableFact]
    public async Task Ctrl_c_stops_the_scan_and_leaves_a_valid_file_of_what_was_acquired()
    {
        await Python.RequireAsync("h5py", "numpy");
        using Process scan = Xrayctl.Start("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", "off", "--json");
        Task<string> output = scan.StandardOutput.ReadToEndAsync();
        Task<string> error = scan.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(6));

        using (Process kill = Process.Start("kill", ["-INT", scan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await scan.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, scan.ExitCode);
        JsonElement summary = JsonDocument.Parse(await output).RootElement;
        Assert.Equal("aborted", summary.GetProperty("status").GetString());
        Assert.Contains("scan aborted", await error, StringComparison.Ordinal);
        int frames = summary.GetProperty("frames").GetProperty("total").GetInt32();
        Assert.InRange(frames, 1, 209);

        JsonElement file = await Python.ReportAsync("read_scan_file.py", summary.GetProperty("files").GetProperty("raw").GetString()!);
        Assert.Equal("aborted", file.GetProperty("status").GetString());
        Assert.Equal(frames, file.GetProperty("frames_acquired").GetInt32());
        Assert.Equal(Enumerable.Range(0, frames), file.GetProperty("seq").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Empty(Directory.GetFiles(_directory, "*.partial"));
    }

    [Fact]
    public async Task Invalid_input_exits_2_with_one_line_on_stderr()
    {
        ProcessRun run = await Xrayctl.RunAsync("scan", Path.Combine(_directory, "missing.yaml"));

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("xrayctl: cannot read plan file", run.Error, StringComparison.Ordinal);
    }
}
