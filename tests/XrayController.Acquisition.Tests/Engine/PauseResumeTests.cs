using XrayController.Acquisition.Engine;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Simulators.InProcess;

namespace XrayController.Acquisition.Tests.Engine;

/// <summary>Pause, resume, interruption and abort on the in-process simulated instrument, on a virtual clock.</summary>
public class PauseResumeTests
{
    [Fact]
    public async Task A_pause_takes_effect_at_the_next_checkpoint_with_the_shutter_closed_and_resumes_without_retakes()
    {
        CompiledScan scan = EngineTestKit.DemoPlan("{ start_deg: 0, range_deg: 180, count: 30 }");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        var control = new ScanControl();
        var states = new List<ScanState>();
        bool? shutterOpenWhilePaused = null;
        control.StateChanged += state =>
        {
            states.Add(state);
            if (state == ScanState.Paused)
            {
                _ = Task.Run(async () =>
                {
                    shutterOpenWhilePaused = await instrument.Devices.Shutter.IsOpenAsync(CancellationToken.None);
                    Assert.True(control.Resume());
                });
            }
        };
        var sink = new RecordingSink(onFrame: count => count == 20 ? control.Pause() : true);

        ScanEnded ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, EngineTestKit.Provenance, [sink], CancellationToken.None, control).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ScanStatus.Completed, ended.Status);
        Assert.False(shutterOpenWhilePaused);
        ScanPause pause = Assert.Single(ended.Pauses);
        Assert.Equal("user", pause.RequestedBy);
        Assert.Equal(0, pause.Retaken);
        Assert.Equal(0, ended.Retakes);
        Assert.True(pause.EndS > pause.StartS);
        Assert.Equal(Enumerable.Range(0, scan.Frames.Total).Select(i => (long)i), sink.Frames.Select(f => f.Frame.Seq));
        Assert.Equal([ScanState.Running, ScanState.Paused, ScanState.Resuming, ScanState.Running, ScanState.Ended], states);
        Assert.Equal(scan.Frames, ended.Acquired);
    }

    [Fact]
    public async Task A_second_pause_interrupts_a_fly_sweep_which_is_taken_again_from_its_checkpoint()
    {
        CompiledScan scan = EngineTestKit.DemoPlan("{ start_deg: 0, range_deg: 180, count: 60, mode: fly }");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        var control = new ScanControl();
        control.StateChanged += state =>
        {
            if (state == ScanState.Paused)
            {
                _ = Task.Run(control.Resume);
            }
        };
        int darksAndFlats = scan.Frames.Darks + (scan.Frames.Flats / 2);
        var sink = new RecordingSink(onFrame: count => count != darksAndFlats + 25 || (control.Pause() && control.Pause()));

        ScanEnded ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, EngineTestKit.Provenance, [sink], CancellationToken.None, control).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ScanStatus.Completed, ended.Status);
        ScanPause pause = Assert.Single(ended.Pauses);
        Assert.StartsWith("sweep from projection", pause.Checkpoint, StringComparison.Ordinal);
        Assert.InRange(pause.Retaken, 25, 26);
        Assert.Equal(pause.Retaken, ended.Retakes);
        Assert.Equal(scan.Frames.Total + ended.Retakes, sink.Frames.Count);
        Assert.Equal(Enumerable.Range(0, scan.Frames.Total).Select(i => (long)i), sink.Frames.Select(f => f.Frame.Seq).Distinct().Order());
        Assert.Equal(scan.Frames, ended.Acquired);
        FrameAcquired[] retaken = [.. sink.Frames.Skip(darksAndFlats + pause.Retaken).Take(pause.Retaken)];
        Assert.Equal(sink.Frames.Skip(darksAndFlats).Take(pause.Retaken).Select(f => f.Frame.Seq), retaken.Select(f => f.Frame.Seq));
        FrameAcquired[] first = [.. sink.Frames.Skip(darksAndFlats).Take(pause.Retaken)];
        Assert.All(first.Zip(retaken), pair => Assert.Equal(EngineTestKit.Mean(pair.First.Image.Pixels.Span), EngineTestKit.Mean(pair.Second.Image.Pixels.Span), 0.01 * EngineTestKit.Mean(pair.First.Image.Pixels.Span)));
    }

    [Fact]
    public async Task A_suspension_holds_the_scan_before_its_first_step_until_released()
    {
        CompiledScan scan = EngineTestKit.DemoPlan("{ start_deg: 0, range_deg: 180, count: 10 }");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        var control = new ScanControl();
        control.Suspend("hutch door", "the hutch door is open");
        var sink = new RecordingSink();

        Task<ScanEnded> run = new ScanEngine(instrument.Devices, clock).RunAsync(scan, EngineTestKit.Provenance, [sink], CancellationToken.None, control);
        await EngineTestKit.WaitForAsync(() => control.State == ScanState.Paused);
        await Task.Delay(100);
        Assert.Empty(sink.Frames);
        Assert.False(control.Resume());
        control.Release("hutch door");
        ScanEnded ended = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ScanStatus.Completed, ended.Status);
        ScanPause pause = Assert.Single(ended.Pauses);
        Assert.Equal(("hutch door", "the start"), (pause.RequestedBy, pause.Checkpoint));
        Assert.Equal(scan.Frames.Total, sink.Frames.Count);
    }

    [Fact]
    public async Task An_abort_while_paused_ends_the_scan_aborted_with_the_pause_open_and_the_shutter_closed()
    {
        CompiledScan scan = EngineTestKit.DemoPlan("{ start_deg: 0, range_deg: 180, count: 30 }");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        var control = new ScanControl();
        using var abort = new CancellationTokenSource();
        control.StateChanged += state =>
        {
            if (state == ScanState.Paused)
            {
                abort.Cancel();
            }
        };
        var sink = new RecordingSink(onFrame: count => count != 25 || control.Pause());

        ScanEnded ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, EngineTestKit.Provenance, [sink], abort.Token, control).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ScanStatus.Aborted, ended.Status);
        Assert.True(double.IsNaN(Assert.Single(ended.Pauses).EndS));
        Assert.Equal(25, ended.Acquired.Total);
        Assert.False(await instrument.Devices.Shutter.IsOpenAsync(CancellationToken.None));
        Assert.False(control.Pause());
    }
}
