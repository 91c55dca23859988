using System.Device.Gpio;
using CsCheck;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Devices.Errors;
using XrayController.Devices.Safety;
using XrayController.Simulators.Gpio;

namespace XrayController.Devices.Tests;

/// <summary>
/// The GPIO safety system on the simulated board, through the real <see cref="GpioController"/>: its rules one by one,
/// then as invariants over random sequences of actions and door openings, some of them in the middle of a shutter's move.
/// </summary>
public sealed class SafetySystemTests
{
    private static readonly SafetyProfile Lines = new(0, new ShutterPins(17, 27, 22, 0.02), new ShutterPins(23, 24, 25, 0.004), DoorInterlockPin: 5, XrayLampPin: 6);

    [Fact]
    public async Task The_main_shutter_opens_only_during_a_scan_and_its_switches_confirm_it()
    {
        await using Rig rig = new();

        await Assert.ThrowsAsync<SafetyInterlockException>(() => rig.Safety.MainShutter.SetOpenAsync(true, CancellationToken.None));
        await rig.Safety.BeginScanAsync(CancellationToken.None);
        await rig.Safety.MainShutter.SetOpenAsync(true, CancellationToken.None);

        Assert.True(await rig.Safety.MainShutter.IsOpenAsync(CancellationToken.None));
        Assert.True(rig.Board.OutputHigh(Lines.XrayLampPin));
        await rig.Safety.EndScanAsync(CancellationToken.None);
        Assert.False(rig.Board.OutputHigh(Lines.MainShutter.CommandPin));
        Assert.False(rig.Board.OutputHigh(Lines.XrayLampPin));
    }

    [Fact]
    public async Task The_fast_shutter_opens_only_behind_an_open_main_shutter()
    {
        await using Rig rig = new();
        await rig.Safety.BeginScanAsync(CancellationToken.None);

        SafetyInterlockException refused = await Assert.ThrowsAsync<SafetyInterlockException>(() => rig.Safety.FastShutter!.SetOpenAsync(true, CancellationToken.None));
        Assert.Contains("only while the main shutter is open", refused.Message, StringComparison.Ordinal);
        await rig.Safety.MainShutter.SetOpenAsync(true, CancellationToken.None);
        await rig.Safety.FastShutter!.SetOpenAsync(true, CancellationToken.None);
        Assert.True(await rig.Safety.FastShutter.IsOpenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_interlock_opening_closes_both_shutters_and_turns_the_tube_off_at_once()
    {
        await using Rig rig = new();
        int opened = 0;
        rig.Safety.InterlockOpened += () => opened++;
        await rig.Safety.BeginScanAsync(CancellationToken.None);
        await rig.Safety.Source!.SetBeamOnAsync(true, CancellationToken.None);
        await rig.Safety.MainShutter.SetOpenAsync(true, CancellationToken.None);
        await rig.Safety.FastShutter!.SetOpenAsync(true, CancellationToken.None);
        double before = rig.Clock.Elapsed.TotalSeconds;

        rig.Board.OpenDoor();

        Assert.Equal(1, opened);
        Assert.False(rig.Board.OutputHigh(Lines.MainShutter.CommandPin));
        Assert.False(rig.Board.OutputHigh(Lines.FastShutter!.CommandPin));
        Assert.All(rig.Board.History.Where(c => c.Pin is 17 or 23 && !c.High), c => Assert.Equal(before, c.TimeS, 9));
        Assert.False(rig.Tube.On);
        Assert.False(rig.Board.OutputHigh(Lines.XrayLampPin));
        await Assert.ThrowsAsync<SafetyInterlockException>(() => rig.Safety.MainShutter.SetOpenAsync(true, CancellationToken.None));
        await Assert.ThrowsAsync<SafetyInterlockException>(() => rig.Safety.Source.SetBeamOnAsync(true, CancellationToken.None));
    }

    [Fact]
    public async Task A_door_opening_during_the_main_shutters_move_fails_the_move_with_the_interlock_named()
    {
        await using Rig rig = new();
        await rig.Safety.BeginScanAsync(CancellationToken.None);
        rig.Clock.During = rig.Board.OpenDoor;

        DeviceFaultException failed = await Assert.ThrowsAsync<DeviceFaultException>(() => rig.Safety.MainShutter.SetOpenAsync(true, CancellationToken.None));

        Assert.Contains("did not confirm open", failed.Message, StringComparison.Ordinal);
        Assert.Contains("the interlock opened", failed.Message, StringComparison.Ordinal);
        Assert.False(rig.Board.OutputHigh(Lines.MainShutter.CommandPin));
    }

    /// <summary>
    /// Random sequences of actions, door openings and closings (some in the middle of a shutter's move) never break a
    /// rule: the main shutter is commanded open only during a scan and with the door closed, the fast one only behind
    /// it, the tube is on only with the door closed, the lamp is lit exactly when X-rays may be on, and the end of a
    /// scan leaves everything closed and off.
    /// </summary>
    [Fact]
    public void Random_action_sequences_and_door_timings_never_break_a_safety_rule()
    {
        Gen.Int[0, Actions.Length - 1].Array[1, 40].Sample(
            sequence =>
            {
                Rig rig = new();
                try
                {
                    bool scan = false;
                    foreach (int action in sequence)
                    {
                        scan = Apply(rig, Actions[action], scan).GetAwaiter().GetResult();
                        bool door = rig.Board.DoorClosed;
                        bool main = rig.Board.OutputHigh(Lines.MainShutter.CommandPin);
                        bool fast = rig.Board.OutputHigh(Lines.FastShutter!.CommandPin);
                        bool tube = rig.Tube.On;
                        Assert.True(!main || (scan && door), $"main shutter open after {Actions[action]} (scan {scan}, door closed {door})");
                        Assert.True(!fast || main, $"fast shutter open with the main one closed after {Actions[action]}");
                        Assert.True(!tube || door, $"tube on with the door open after {Actions[action]}");
                        Assert.Equal(main || tube, rig.Board.OutputHigh(Lines.XrayLampPin));
                    }

                    rig.Safety.EndScanAsync(CancellationToken.None).GetAwaiter().GetResult();
                    Assert.False(rig.Board.OutputHigh(Lines.MainShutter.CommandPin) || rig.Board.OutputHigh(Lines.FastShutter!.CommandPin) || rig.Tube.On);
                }
                finally
                {
                    rig.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            },
            iter: 2000);
    }

    private static readonly string[] Actions =
    [
        "begin", "end", "open main", "close main", "open fast", "close fast", "tube on", "tube off",
        "door opens", "door closes", "door opens during main", "door opens during fast",
    ];

    private static async Task<bool> Apply(Rig rig, string action, bool scan)
    {
        try
        {
            switch (action)
            {
                case "begin":
                    await rig.Safety.BeginScanAsync(CancellationToken.None);
                    return true;
                case "end":
                    await rig.Safety.EndScanAsync(CancellationToken.None);
                    return false;
                case "open main" or "close main":
                    await rig.Safety.MainShutter.SetOpenAsync(action == "open main", CancellationToken.None);
                    break;
                case "open fast" or "close fast":
                    await rig.Safety.FastShutter!.SetOpenAsync(action == "open fast", CancellationToken.None);
                    break;
                case "tube on" or "tube off":
                    await rig.Safety.Source!.SetBeamOnAsync(action == "tube on", CancellationToken.None);
                    break;
                case "door opens":
                    rig.Board.OpenDoor();
                    break;
                case "door closes":
                    rig.Board.CloseDoor();
                    break;
                case "door opens during main":
                    rig.Clock.During = rig.Board.OpenDoor;
                    await rig.Safety.MainShutter.SetOpenAsync(true, CancellationToken.None);
                    break;
                default:
                    rig.Clock.During = rig.Board.OpenDoor;
                    await rig.Safety.FastShutter!.SetOpenAsync(true, CancellationToken.None);
                    break;
            }
        }
        catch (Exception e) when (e is SafetyInterlockException or DeviceFaultException)
        {
            // A refusal, or a move the interlock cut short: both are the rules at work.
        }
        finally
        {
            rig.Clock.During = null;
        }

        return scan;
    }

    /// <summary>The board, the safety system on it through a real GpioController, and a tube that records its state.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        public Rig()
        {
            Board = new SimulatedGpioBoard(
                [new ShutterWiring("main", 17, 27, 22, 0.02), new ShutterWiring("fast", 23, 24, 25, 0.004)],
                Lines.DoorInterlockPin,
                Clock);
            Safety = new GpioSafetySystem(new GpioController(Board), Lines, Clock, Tube);
        }

        public InterleavingClock Clock { get; } = new();

        public SimulatedGpioBoard Board { get; }

        public RecordingTube Tube { get; } = new();

        public GpioSafetySystem Safety { get; }

        public ValueTask DisposeAsync() => Safety.DisposeAsync();
    }

    /// <summary>A virtual clock that can run one action as the next delay starts: an event in the middle of a move.</summary>
    private sealed class InterleavingClock : TimeProvider
    {
        private readonly VirtualClock _inner = new(DateTimeOffset.UnixEpoch);

        public Action? During { get; set; }

        public TimeSpan Elapsed => _inner.Elapsed;

        public override long TimestampFrequency => _inner.TimestampFrequency;

        public override long GetTimestamp() => _inner.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Action? during = During;
            During = null;
            during?.Invoke();
            return _inner.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>A tube that takes its commands at once and records whether it is on.</summary>
    private sealed class RecordingTube : IXraySource
    {
        public bool On { get; private set; }

        public Task SetOperatingPointAsync(double voltageKv, double currentUa, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SetBeamOnAsync(bool on, CancellationToken cancellationToken)
        {
            On = on;
            return Task.CompletedTask;
        }
    }
}
