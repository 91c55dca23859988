using System.Device.Gpio;
using CsCheck;
using XrayController.Acquisition.Engine;
using XrayController.Core.Devices;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Devices.Safety;
using XrayController.Simulators.Gpio;
using XrayController.Simulators.InProcess;
using XrayController.Tests.Shared;

namespace XrayController.Acquisition.Tests.Engine;

/// <summary>
/// The engine with the GPIO safety system on the simulated board, over random scans (step or fly), random door
/// openings at random frames for random times, and random aborts: the shutters obey the rules at every change on the
/// board, every projection and flat is exposed behind an open fast shutter, the end leaves everything closed, and a scan
/// that was not aborted holds every planned frame.
/// </summary>
public class SafetyInvariantTests
{
    private const string SafetySection = """
        "safety": {
            "main_shutter": { "command_pin": 17, "open_pin": 27, "closed_pin": 22, "actuation_s": 0.02 },
            "fast_shutter": { "command_pin": 23, "open_pin": 24, "closed_pin": 25, "actuation_s": 0.002 },
            "door_interlock_pin": 5, "xray_lamp_pin": 6
          },
          "suspenders": { "hold_s": 0.5, "poll_s": 0.1 },
        """;

    [Fact]
    public void Random_door_openings_and_aborts_never_break_a_safety_rule()
    {
        Gen.Select(Gen.Int[1, 45].Array[0, 3], Gen.Double[0.1, 2.0], Gen.Bool, Gen.Int[0, 60]).Sample(
            (trips, openS, fly, abortAt) => RunAsync(trips, openS, fly, abortAt).GetAwaiter().GetResult(),
            iter: 40);
    }

    private static async Task RunAsync(int[] trips, double openS, bool fly, int abortAt)
    {
        CompiledScan scan = Compile(fly);
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument simulated = InProcessInstrument.Create(scan.Profile, clock);
        var board = new SimulatedGpioBoard([new ShutterWiring("main", 17, 27, 22, 0.02), new ShutterWiring("fast", 23, 24, 25, 0.002)], 5, clock);
        await using var safety = new GpioSafetySystem(new GpioController(board), scan.Profile.Safety!, clock, source: null);
        Instrument devices = simulated.Devices with { Shutter = safety.MainShutter, Safety = safety };
        using var abort = new CancellationTokenSource();
        var sink = new RecordingSink(onFrame: count =>
        {
            if (trips.Contains(count) && board.DoorClosed)
            {
                board.OpenDoor();
                clock.Schedule(TimeSpan.FromSeconds(openS), board.CloseDoor);
            }

            if (count == abortAt)
            {
                abort.Cancel();
            }

            return true;
        });

        ScanEnded ended = await new ScanEngine(devices, clock).RunAsync(scan, EngineTestKit.Provenance, [sink], abort.Token).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(board.SafetyViolations());
        Assert.False(board.OutputHigh(17) || board.OutputHigh(23) || board.OutputHigh(6), "a line left on after the scan");
        double startS = (sink.Started!.StartTime - DateTimeOffset.UnixEpoch).TotalSeconds;
        List<(double From, double To)> fastOpen = Intervals(board.History, 23);
        double exposureS = scan.Plan.Detector.ExposureS;
        Assert.All(
            sink.Frames.Where(f => f.Frame.Kind != FrameKind.Dark),
            f => Assert.Contains(fastOpen, i => i.From <= startS + f.TimestampS + 1e-9 && startS + f.TimestampS + exposureS <= i.To + 1e-9));
        if (ended.Status != ScanStatus.Aborted)
        {
            Assert.True(ended.Status == ScanStatus.Completed, $"{ended.Status}: {ended.Reason}");
            Assert.Equal(scan.Frames.Total, sink.Frames.Select(f => f.Frame.Seq).Distinct().Count());
        }
    }

    private static List<(double From, double To)> Intervals(IReadOnlyList<PinChange> history, int pin)
    {
        var intervals = new List<(double, double)>();
        double? from = null;
        foreach (PinChange change in history.Where(c => c.Pin == pin))
        {
            if (change.High)
            {
                from = change.TimeS;
            }
            else if (from is { } start)
            {
                intervals.Add((start, change.TimeS));
                from = null;
            }
        }

        return intervals;
    }

    private static CompiledScan Compile(bool fly)
    {
        string profileText = File.ReadAllText(RepositoryPaths.Instrument("demo"))
            .Replace("\"shutter\": { \"actuation_s\": 0.02, \"command_s\": 0.0012 },", SafetySection, StringComparison.Ordinal)
            .Replace("\"suspenders\": { \"beam_current\": { \"below_a\": 1e-9 }, \"hold_s\": 1.0, \"poll_s\": 0.1 },", string.Empty, StringComparison.Ordinal)
            .Replace("\"beam_monitor\": { \"nominal_a\": 2e-9, \"command_s\": 0.0012 },", string.Empty, StringComparison.Ordinal);
        return EngineTestKit.DemoPlan(fly ? "{ start_deg: 0, range_deg: 180, count: 30, mode: fly }" : "{ start_deg: 0, range_deg: 180, count: 30 }", profileText);
    }
}
