using XrayController.Acquisition.Engine;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Simulators.InProcess;

namespace XrayController.Acquisition.Tests.Engine;

/// <summary>The beam-current suspender on the in-process simulated demo instrument (2 nA nominal, suspends below 1 nA, 1 s hold).</summary>
public class SuspenderTests
{
    [Fact]
    public async Task A_beam_dump_suspends_the_scan_retakes_the_frame_and_resumes_after_the_hold_time()
    {
        CompiledScan scan = EngineTestKit.DemoPlan("{ start_deg: 0, range_deg: 180, count: 40 }");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        var control = new ScanControl();
        bool? shutterOpenWhileSuspended = null;
        control.StateChanged += state =>
        {
            if (state == ScanState.Paused)
            {
                shutterOpenWhileSuspended = instrument.Devices.Shutter.IsOpenAsync(CancellationToken.None).Result;
            }
        };
        var sink = new RecordingSink(onFrame: count =>
        {
            if (count == 30)
            {
                instrument.Beam!.Dump(3.0);
            }

            return true;
        });

        ScanEnded ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, EngineTestKit.Provenance, [sink], CancellationToken.None, control).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ScanStatus.Completed, ended.Status);
        ScanPause pause = Assert.Single(ended.Pauses);
        Assert.Equal("beam current", pause.RequestedBy);
        Assert.Equal("beam current 0 A below 1E-09 A", pause.Reason);
        Assert.InRange(pause.EndS - pause.StartS, 3.0 + 1.0 - 0.1, 3.0 + 1.0 + 0.5);
        Assert.False(shutterOpenWhileSuspended);
        Assert.Equal(Enumerable.Range(0, scan.Frames.Total).Select(i => (long)i), sink.Frames.Select(f => f.Frame.Seq));
        Assert.All(sink.Frames, f => Assert.Equal(2e-9, f.I0));
        double flat = sink.Frames.Where(f => f.Frame.Kind == FrameKind.Flat).Average(f => EngineTestKit.Mean(f.Image.Pixels.Span));
        Assert.All(sink.Frames.Where(f => f.Frame.Kind == FrameKind.Projection), f => Assert.InRange(EngineTestKit.Mean(f.Image.Pixels.Span), flat * 0.5, flat));
    }

    [Fact]
    public async Task A_scan_does_not_start_while_the_beam_is_down_and_starts_once_it_has_held_good()
    {
        CompiledScan scan = EngineTestKit.DemoPlan("{ start_deg: 0, range_deg: 180, count: 10 }");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        instrument.Beam!.Dump(5.0);
        var sink = new RecordingSink();

        ScanEnded ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, EngineTestKit.Provenance, [sink], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ScanStatus.Completed, ended.Status);
        ScanPause pause = Assert.Single(ended.Pauses);
        Assert.Equal(("the start", 0), (pause.Checkpoint, pause.Retaken));
        Assert.InRange(sink.Frames[0].TimestampS, 6.0, 7.0);
        Assert.Equal(scan.Frames.Total, sink.Frames.Count);
    }

    [Fact]
    public async Task A_disk_filling_below_the_reserve_pauses_the_scan_until_space_is_freed()
    {
        CompiledScan scan = EngineTestKit.DemoPlan("{ start_deg: 0, range_deg: 180, count: 40 }");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        long free = 50_000_000_000;
        var control = new ScanControl();
        int framesWhenPaused = -1;
        var sink = new RecordingSink(onFrame: count =>
        {
            if (count == 25)
            {
                Interlocked.Exchange(ref free, 20_000_000);
            }

            return true;
        });
        control.StateChanged += state =>
        {
            if (state == ScanState.Paused)
            {
                framesWhenPaused = sink.Frames.Count;
                Interlocked.Exchange(ref free, 40_000_000_000);
            }
        };
        var engine = new ScanEngine(instrument.Devices, clock) { FreeDiskBytes = () => Interlocked.Read(ref free) };

        ScanEnded ended = await engine.RunAsync(scan, EngineTestKit.Provenance, [sink], CancellationToken.None, control).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ScanStatus.Completed, ended.Status);
        ScanPause pause = Assert.Single(ended.Pauses);
        Assert.Equal("disk", pause.RequestedBy);
        Assert.Contains("0.02 GB free, the profile keeps 0.1 GB", pause.Reason, StringComparison.Ordinal);
        Assert.InRange(framesWhenPaused, 25, 27);
        Assert.Equal(scan.Frames.Total, sink.Frames.Select(f => f.Frame.Seq).Distinct().Count());
    }
}
