using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PureHDF;
using XrayController.Host.Cli;
using XrayController.Storage;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Cli;

public sealed class ScanCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-scan-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_demo_scan_writes_its_file_and_a_json_summary()
    {
        CliRun run = await CliRun.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", "off", "--speed", "50", "--json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement root = json.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(210, root.GetProperty("frames").GetProperty("total").GetInt32());
        Assert.Equal(180, root.GetProperty("frames").GetProperty("projection").GetInt32());
        string raw = root.GetProperty("files").GetProperty("raw").GetString()!;
        Assert.Matches(@"demo-parallel_\d{8}T\d{6}\.h5$", raw);
        using var file = H5File.OpenRead(raw);
        Assert.Equal([180UL, 128, 128], file.Dataset("/exchange/data").Space.Dimensions);
        Assert.Equal(63.75, file.Group("process").Attribute("true_rotation_axis_px").Read<double>());
        string stem = raw[..^".h5".Length];
        Assert.Equal([raw, stem + "_recon.h5", stem + "_report.html", stem + "_summary.json"], Directory.GetFiles(_directory).Order(StringComparer.Ordinal));
        Assert.Equal(root.GetProperty("files").GetProperty("report").GetString(), stem + "_report.html");
    }

    [Fact]
    public async Task An_existing_output_file_is_not_overwritten_without_permission()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string[] planted = [.. Enumerable.Range(0, 10).Select(s => Path.Combine(_directory, ScanFileNames.RawFile("demo-parallel", now.AddSeconds(s))))];
        foreach (string path in planted)
        {
            await File.WriteAllTextAsync(path, "keep me");
        }

        CliRun run = await CliRun.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", "off", "--speed", "100");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("already exists; use --overwrite to replace it", run.Error, StringComparison.Ordinal);
        Assert.All(planted, p => Assert.Equal("keep me", File.ReadAllText(p)));
        Assert.Equal(planted.Length, Directory.GetFiles(_directory).Length);
    }

    [Fact]
    public async Task An_unwritable_output_folder_is_invalid_input()
    {
        string notAFolder = Path.Combine(_directory, "file");
        await File.WriteAllTextAsync(notAFolder, "x");

        CliRun run = await CliRun.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", Path.Combine(notAFolder, "sub"), "--publish", "off");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot write to the output folder", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task An_endpoint_in_use_is_invalid_input_and_nothing_is_written()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        CliRun run = await CliRun.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", $"tcp://127.0.0.1:{port}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"tcp://127.0.0.1:{port} is already in use", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task A_busy_default_endpoint_gives_way_to_a_free_port_recorded_in_the_file_and_the_summary()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        string settings = Path.Combine(_directory, "settings.json");
        await File.WriteAllTextAsync(settings, $$"""{ "XrayController": { "StreamEndpoint": "tcp://127.0.0.1:{{port}}" } }""");
        string output = Path.Combine(_directory, "scans");

        CliRun run = await CliRun.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", output, "--speed", "50", "--live", "off", "--json", "--config", settings);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"warning: the default frame stream endpoint tcp://127.0.0.1:{port} is in use", run.Error, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        string used = json.RootElement.GetProperty("stream").GetProperty("endpoint").GetString()!;
        Assert.Matches(@"^tcp://127\.0\.0\.1:\d+$", used);
        Assert.NotEqual($"tcp://127.0.0.1:{port}", used);
        using var file = H5File.OpenRead(json.RootElement.GetProperty("files").GetProperty("raw").GetString()!);
        Assert.Equal(used, file.Group("process").Attribute("stream_endpoint").Read<string>());
    }

    [Fact]
    public async Task A_profile_the_simulator_cannot_render_is_invalid_input()
    {
        string plan = Path.Combine(_directory, "cone.yaml");
        await File.WriteAllTextAsync(plan, """
            name: cone
            technique: cone-ct
            instrument: lab-xrm
            sample: { name: cell, out_of_beam: { x_mm: 30 } }
            detector: { exposure_s: 0.1, binning: 4 }
            rotation: { start_deg: 0, range_deg: 360, count: 10 }
            """);

        string profile = Path.Combine(_directory, "lab-xrm.json");
        await File.WriteAllTextAsync(profile, (await File.ReadAllTextAsync(RepositoryPaths.Instrument("lab-xrm"))).Replace("\"bit_depth\": 16", "\"bit_depth\": 18", StringComparison.Ordinal));

        CliRun run = await CliRun.RunAsync("scan", plan, "--out", _directory, "--publish", "off", "--instrument", profile);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot simulate this scan: instrument 'lab-xrm' has a 18-bit detector", run.Error, StringComparison.Ordinal);
        Assert.Equal([plan, profile], Directory.GetFiles(_directory).Order());
    }

    [Fact]
    public async Task An_invalid_plan_is_refused_before_anything_moves()
    {
        string plan = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(plan, File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml")).Replace("exposure_s: 0.01", "exposure_s: 50", StringComparison.Ordinal));

        CliRun run = await CliRun.RunAsync("scan", plan, "--out", _directory, "--publish", "off", "--instrument", RepositoryPaths.Instrument("demo"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("1 violation; first:", run.Error, StringComparison.Ordinal);
        Assert.Contains("detector.exposure_s", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_aborted_scan_exits_1_and_keeps_what_was_acquired()
    {
        using var abort = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exitCode = await XrayctlCli.RunAsync(["scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", "off", "--json"], output, error, abort.Token);

        Assert.Equal(1, exitCode);
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        Assert.Equal("aborted", json.RootElement.GetProperty("status").GetString());
        int frames = json.RootElement.GetProperty("frames").GetProperty("total").GetInt32();
        Assert.InRange(frames, 1, 209);
        using var file = H5File.OpenRead(json.RootElement.GetProperty("files").GetProperty("raw").GetString()!);
        Assert.Equal("aborted", file.Dataset("/process/acquisition/status").Read<string>());
        Assert.Equal(frames, file.Dataset("/measurement/frames/seq").Read<long[]>().Length);
        Assert.Contains("scan aborted", error.ToString(), StringComparison.Ordinal);
    }
}
