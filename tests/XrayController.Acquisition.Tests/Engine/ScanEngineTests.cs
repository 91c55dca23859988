using XrayController.Acquisition.DryRun;
using XrayController.Acquisition.Engine;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Simulators.InProcess;
using XrayController.Tests.Shared;

namespace XrayController.Acquisition.Tests.Engine;

public class ScanEngineTests
{
    private static readonly ScanProvenance Provenance = new("test", "plan.yaml", "", "profile.json", "", true, 63.75);

    [Theory]
    [InlineData("demo-parallel.yaml", null)]
    [InlineData("demo-parallel.yaml", "{ start_deg: 0, range_deg: 180, count: 180, mode: fly }")]
    public async Task A_simulated_run_on_a_virtual_clock_takes_what_the_dry_run_estimates(string plan, string? rotation)
    {
        CompiledScan scan = Compile(plan, "demo", rotation);
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        var sink = new RecordingSink();

        ScanEnded ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, Provenance, [sink], CancellationToken.None);

        DryRunEstimate estimate = DryRunEstimator.Estimate(scan);
        double stepsEstimateS = estimate.Duration.TotalSeconds - scan.Profile.Overhead.PerScanS;
        Assert.Equal(ScanStatus.Completed, ended.Status);
        Assert.InRange(ended.ElapsedS / stepsEstimateS, 0.99, 1.01);
        Assert.Equal(scan.Frames, ended.Acquired);
        Assert.Equal(Enumerable.Range(0, scan.Frames.Total).Select(i => (long)i), sink.Frames.Select(f => f.Frame.Seq));
    }

    [Fact]
    public async Task A_small_xanes_scan_moves_the_monochromator_and_agrees_with_its_estimate()
    {
        CompiledScan scan = Compile("xanes-ni-kedge.yaml", "txm-xanes", "{ start_deg: -90, stop_deg: 90, step_deg: 90 }", """
              regions:
                - { from_ev: 8330, to_ev: 8340, step_ev: 5 }
            """, binning: 4);
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        var sink = new RecordingSink();

        ScanEnded ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, Provenance, [sink], CancellationToken.None);

        double stepsEstimateS = DryRunEstimator.Estimate(scan).Duration.TotalSeconds - scan.Profile.Overhead.PerScanS;
        Assert.InRange(ended.ElapsedS / stepsEstimateS, 0.99, 1.01);
        Assert.Equal([8330.0, 8335.0, 8340.0], sink.Frames.Where(f => f.Frame.Kind == FrameKind.Projection).Select(f => f.Frame.EnergyEv).Distinct());
        Assert.Equal(8340.0, await instrument.Devices.Monochromator!.GetEnergyAsync(CancellationToken.None), 3);
    }

    [Fact]
    public async Task Frames_show_darks_below_projections_below_flats()
    {
        CompiledScan scan = Compile("demo-parallel.yaml", "demo", "{ start_deg: 0, range_deg: 180, count: 10 }");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var sink = new RecordingSink();

        await new ScanEngine(InProcessInstrument.Create(scan.Profile, clock).Devices, clock).RunAsync(scan, Provenance, [sink], CancellationToken.None);

        double MeanOf(FrameKind kind) => sink.Frames.Where(f => f.Frame.Kind == kind).Average(f => Mean(f.Image.Pixels.Span));
        Assert.InRange(MeanOf(FrameKind.Dark), 90, 110);
        Assert.InRange(MeanOf(FrameKind.Flat), 9000, 11000);
        Assert.InRange(MeanOf(FrameKind.Projection), MeanOf(FrameKind.Dark) + 1000, MeanOf(FrameKind.Flat) - 1000);
        Assert.All(sink.Frames, f => Assert.Equal(128 * 128, f.Image.Pixels.Length));
    }

    [Fact]
    public async Task An_abort_keeps_the_frames_taken_and_leaves_the_shutter_closed()
    {
        CompiledScan scan = Compile("demo-parallel.yaml", "demo", null);
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        using var abort = new CancellationTokenSource();
        var sink = new RecordingSink(abort, frames: 50);

        ScanEnded ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, Provenance, [sink], abort.Token);

        Assert.Equal(ScanStatus.Aborted, ended.Status);
        Assert.Contains("aborted after", ended.Reason, StringComparison.Ordinal);
        Assert.Equal(50, ended.Acquired.Total);
        Assert.Equal(50, sink.Frames.Count);
        Assert.Same(ended, sink.Ended);
        Assert.False(await instrument.Devices.Shutter.IsOpenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_device_failure_ends_the_scan_with_its_reason_after_a_safe_state()
    {
        CompiledScan scan = Compile("demo-parallel.yaml", "demo", null);
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        Instrument devices = InProcessInstrument.Create(scan.Profile, clock).Devices;
        var shutter = new FailingShutter();
        var sink = new RecordingSink();

        ScanEnded ended = await new ScanEngine(devices with { Shutter = shutter }, clock).RunAsync(scan, Provenance, [sink], CancellationToken.None);

        Assert.Equal(ScanStatus.Failed, ended.Status);
        Assert.StartsWith("shutter did not open", ended.Reason, StringComparison.Ordinal);
        Assert.Equal(10, ended.Acquired.Darks);
        Assert.False(shutter.Open);
    }

    [Fact]
    public async Task A_stage_fault_during_a_fly_sweep_fails_the_scan_instead_of_waiting_for_frames()
    {
        CompiledScan scan = Compile("demo-parallel.yaml", "demo", "{ start_deg: 0, range_deg: 180, count: 180, mode: fly }");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        Instrument devices = InProcessInstrument.Create(scan.Profile, clock).Devices;
        var sink = new RecordingSink();

        ScanEnded ended = await new ScanEngine(devices with { Rotation = new StallingStage(devices.Rotation) }, clock)
            .RunAsync(scan, Provenance, [sink], CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ScanStatus.Failed, ended.Status);
        Assert.StartsWith("stage stalled", ended.Reason, StringComparison.Ordinal);
        Assert.Equal(0, ended.Acquired.Projections);
    }

    private static double Mean(ReadOnlySpan<ushort> pixels)
    {
        double sum = 0;
        foreach (ushort p in pixels)
        {
            sum += p;
        }

        return sum / pixels.Length;
    }

    private static CompiledScan Compile(string plan, string instrument, string? rotation, string? energyRegions = null, int binning = 1)
    {
        string text = File.ReadAllText(RepositoryPaths.Plan(plan));
        if (rotation is not null)
        {
            text = string.Join('\n', text.Split('\n').Select(l => l.StartsWith("rotation:", StringComparison.Ordinal) ? $"rotation: {rotation}" : l));
        }

        if (energyRegions is not null)
        {
            int start = text.IndexOf("  regions:", StringComparison.Ordinal);
            int end = text.IndexOf("flats:", StringComparison.Ordinal);
            text = text[..start] + energyRegions + "\n" + text[end..];
        }

        text = text.Replace("binning: 1", $"binning: {binning}", StringComparison.Ordinal);
        PlanReadResult read = PlanReader.Read(text, plan);
        Assert.True(read.Succeeded, string.Join(Environment.NewLine, read.Diagnostics));
        InstrumentProfile profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument(instrument)), instrument).Profile!;
        return PlanCompiler.Compile(read.Document!.Plan, profile);
    }

    /// <summary>
    /// The engine checks every move against the forbidden zones from where the axes really are, whatever the plan check
    /// assumed: the out-of-beam move into the zone is refused unsent, the scan fails, the sample stays where it was.
    /// </summary>
    [Fact]
    public async Task A_move_into_a_forbidden_zone_is_refused_before_it_is_sent()
    {
        const string Zone = """
            "forbidden_zones": [ { "name": "cable chain vs flat holder", "axes": { "rotation": { "max_deg": 10 }, "sample_x": { "max_mm": -4 } } } ],
            """;
        string profileText = File.ReadAllText(RepositoryPaths.Instrument("demo")).Replace("\"storage\":", Zone + "\n  \"storage\":", StringComparison.Ordinal);
        InstrumentProfile profile = InstrumentProfileReader.Read(profileText, "zoned.json").Profile!;
        PlanReadResult read = PlanReader.Read(File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml")).Replace("x_mm: 5.0", "x_mm: -5.0", StringComparison.Ordinal), "p.yaml");
        CompiledScan scan = PlanCompiler.Compile(read.Document!.Plan, profile);
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        Instrument devices = InProcessInstrument.Create(profile, clock).Devices;

        ScanEnded ended = await new ScanEngine(devices, clock).RunAsync(scan, Provenance, [new RecordingSink()], CancellationToken.None);

        Assert.Equal(ScanStatus.Failed, ended.Status);
        Assert.Contains("moving sample_x from 0 to -5 would enter forbidden zone 'cable chain vs flat holder'", ended.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await devices.Axes[InstrumentProfile.SampleX].GetPositionAsync(CancellationToken.None));
    }

    /// <summary>A rotation stage whose fly sweeps stall before the first trigger.</summary>
    private sealed class StallingStage(IRotationStage inner) : IRotationStage
    {
        public Task MoveToAsync(double angleDeg, CancellationToken cancellationToken) => inner.MoveToAsync(angleDeg, cancellationToken);

        public Task<double> GetPositionAsync(CancellationToken cancellationToken) => inner.GetPositionAsync(cancellationToken);

        public Task HomeAsync(CancellationToken cancellationToken) => inner.HomeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

        public async Task FlyAsync(FlySweep sweep, CancellationToken cancellationToken)
        {
            await inner.MoveToAsync(sweep.RampStartDeg, cancellationToken);
            throw new IOException("stage stalled: position error above the limit");
        }
    }

    private sealed class FailingShutter : IShutter
    {
        public bool Open { get; private set; }

        public Task SetOpenAsync(bool open, CancellationToken cancellationToken)
        {
            if (open)
            {
                throw new IOException("shutter did not open: open switch never closed");
            }

            Open = false;
            return Task.CompletedTask;
        }

        public Task<bool> IsOpenAsync(CancellationToken cancellationToken) => Task.FromResult(Open);
    }
}
