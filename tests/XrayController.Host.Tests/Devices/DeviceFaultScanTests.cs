using PureHDF;
using XrayController.Acquisition.Engine;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Devices.Wiring;
using XrayController.Simulators;
using XrayController.Storage;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Devices;

/// <summary>
/// Faults of the simulated devices in the middle of a scan, through the real drivers: the scan fails with an error that
/// names the device, the command and what came back, and the file keeps every frame acquired before the fault.
/// </summary>
public sealed class DeviceFaultScanTests : IDisposable
{
    private const int FramesBeforeFault = 40;

    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-faults-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("stage garbles", "rotation stage", "garbled reply")]
    [InlineData("stage falls silent", "rotation stage", "no complete reply within 5 s")]
    [InlineData("detector answers 500", "detector", "HTTP 500")]
    [InlineData("image stream stops", "detector", "read image from stream: no complete reply within 6 s")]
    [InlineData("an image is lost", "detector", "read image from stream: no complete reply within 6 s")]
    [InlineData("stage stalls", "rotation stage", "AXISFAULT=1 (PositionError)")]
    [InlineData("stage hits a limit switch", "rotation stage", "AXISFAULT=4 (CwEndOfTravel)")]
    [InlineData("stage hangs for 7 s", "rotation stage", "no complete reply within 5 s")]
    public async Task A_device_fault_mid_scan_fails_the_scan_naming_the_device_and_keeps_the_frames(string fault, string device, string message)
    {
        InstrumentProfile profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("demo")), "demo").Profile!;
        PlanReadResult plan = PlanReader.Read(File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml")), "demo-parallel.yaml");
        CompiledScan scan = PlanCompiler.Compile(plan.Document!.Plan, profile);
        // Real time: the drivers' timeouts run on this clock, and the suite runs other heavy tests alongside (the XANES demo),
        // so the timeouts are longer than the defaults: a loaded machine must not pass for a silent device.
        var time = new ScaledTimeProvider(1);
        await using InstrumentSimulator simulator = await InstrumentSimulator.StartAsync(profile, time, InstrumentSimulatorOptions.Isolated(), CancellationToken.None);
        DeviceConnections links = simulator.Connections with { FrameTimeoutS = 6, CommandTimeoutS = 5 };
        string file = Path.Combine(_directory, "scan.h5");
        ScanEnded ended;
        await using (ConnectedInstrument instrument = await ConnectedInstrument.ConnectAsync(profile, links, time, CancellationToken.None))
        {
            await using var writer = new ScanFileWriter(file, FrameCompression.None);
            var injector = new FaultAfterFrames(FramesBeforeFault, () => Inject(simulator, fault));
            ended = await new ScanEngine(instrument.Devices, time).RunAsync(scan, Provenance(file), [writer, injector], CancellationToken.None);
        }

        Assert.True(ended.Status == ScanStatus.Failed, ended.Reason);
        Assert.True(ended.Reason!.Contains(device, StringComparison.Ordinal), ended.Reason);
        Assert.Contains(message, ended.Reason, StringComparison.Ordinal);
        Assert.InRange(ended.Acquired.Total, FramesBeforeFault, FramesBeforeFault + 1);
        using var h5 = H5File.OpenRead(file);
        Assert.Equal("failed", h5.Dataset("/process/acquisition/status").Read<string>());
        Assert.Equal(ended.Acquired.Total, h5.Dataset("/measurement/frames/seq").Read<long[]>().Length);
    }

    /// <summary>Latency spikes below the command timeout (each reply of the stage and of an axis 0.5 s late, once) slow the scan down and nothing else.</summary>
    [Fact]
    public async Task Latency_spikes_below_the_command_timeout_are_survived()
    {
        string faults = Path.Combine(_directory, "late.yaml");
        await File.WriteAllTextAsync(faults, "faults:\n  - { device: stage, kind: latency, after: 200, duration_s: 0.5 }\n  - { device: sample_x, kind: latency, after: 3, duration_s: 0.5 }\n");

        Cli.CliRun run = await Cli.CliRun.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--faults", faults, "--out", _directory, "--publish", "off", "--speed", "5", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        string raw = Directory.GetFiles(_directory, "demo-parallel_*.h5").Single(f => !f.EndsWith("_recon.h5", StringComparison.Ordinal));
        using var h5 = H5File.OpenRead(raw);
        Assert.Equal("completed", h5.Dataset("/process/acquisition/status").Read<string>());
        Assert.Equal(210, h5.Dataset("/measurement/frames/seq").Read<long[]>().Length);
    }

    /// <summary>A fault written in the profile's simulation section: the drive faults after 100 commands, by itself.</summary>
    [Fact]
    public async Task A_fault_from_the_profile_is_committed_by_the_simulated_instrument_during_the_scan()
    {
        string profile = Path.Combine(_directory, "faulty.json");
        string text = File.ReadAllText(RepositoryPaths.Instrument("demo")).Replace("\"seed\": 20211986", "\"seed\": 20211986, \"faults\": [ { \"device\": \"stage\", \"kind\": \"drive_fault\", \"after\": 100 } ]", StringComparison.Ordinal);
        await File.WriteAllTextAsync(profile, text);

        Cli.CliRun run = await Cli.CliRun.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--instrument", profile, "--out", _directory, "--publish", "off", "--speed", "5", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("rotation stage", run.Error, StringComparison.Ordinal);
        Assert.Contains("AXISFAULT=2 (OverCurrent)", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The same fault from a file given on the command line (xrayctl scan --faults), recorded in the scan file, and a bad faults file refused by line and field.</summary>
    [Fact]
    public async Task A_fault_from_a_faults_file_is_committed_and_a_bad_file_is_refused_with_its_line()
    {
        string faults = Path.Combine(_directory, "faults.yaml");
        await File.WriteAllTextAsync(faults, "faults:\n  - { device: stage, kind: drive_fault, after: 100 }\n");

        Cli.CliRun run = await Cli.CliRun.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--faults", faults, "--out", _directory, "--publish", "off", "--speed", "5", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("AXISFAULT=2 (OverCurrent)", run.Error, StringComparison.Ordinal);
        string raw = Directory.GetFiles(_directory, "demo-parallel_*.h5").Single(f => !f.EndsWith("_recon.h5", StringComparison.Ordinal));
        using (var h5 = H5File.OpenRead(raw))
        {
            Assert.Equal("failed", h5.Dataset("/process/acquisition/status").Read<string>());
            Assert.Equal(faults, h5.Group("process").Attribute("faults_file").Read<string>());
            Assert.Contains("drive_fault", h5.Group("process").Attribute("faults").Read<string>(), StringComparison.Ordinal);
        }

        await File.WriteAllTextAsync(faults, "faults:\n  - { device: stage, kind: drive_fault, after: 100 }\n  - { device: sample_q, kind: silent }\n");
        Cli.CliRun bad = await Cli.CliRun.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--faults", faults, "--out", _directory, "--publish", "off");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("faults.yaml:3", bad.Error, StringComparison.Ordinal);
        Assert.Contains("'sample_q' is not a simulated device", bad.Error, StringComparison.Ordinal);
    }

    private static void Inject(InstrumentSimulator simulator, string fault)
    {
        switch (fault)
        {
            case "stage garbles":
                simulator.Stage.Faults.GarbleNext(1);
                break;
            case "stage falls silent":
                simulator.Stage.Faults.Silent = true;
                break;
            case "detector answers 500":
                simulator.Detector.Faults.FailNextRequests(1, 500);
                break;
            case "an image is lost":
                simulator.Detector.Faults.DropImageAfter(0);
                break;
            case "stage stalls":
                simulator.Stage.InjectFault(Protocols.Ensemble.EnsembleAxisFault.PositionError);
                break;
            case "stage hits a limit switch":
                simulator.Stage.InjectFault(Protocols.Ensemble.EnsembleAxisFault.CwEndOfTravel);
                break;
            case "stage hangs for 7 s":
                simulator.Stage.Faults.SilentFor(TimeSpan.FromSeconds(7));
                break;
            default:
                simulator.Detector.Faults.StopStreamAfter(0);
                break;
        }
    }

    private static ScanProvenance Provenance(string file) => new("test", "demo-parallel.yaml", string.Empty, "demo.json", string.Empty, true, 63.75, file);

    /// <summary>Injects the fault once the given number of frames is in the file.</summary>
    private sealed class FaultAfterFrames(int frames, Action inject) : IScanSink
    {
        private int _seen;

        public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _seen) == frames)
            {
                inject();
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask OnEndedAsync(ScanEnded ended, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
