using XrayController.Core.Instruments;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Devices.BeamMonitor;
using XrayController.Devices.Errors;
using XrayController.Devices.Gcs;
using XrayController.Devices.Shutter;
using XrayController.Devices.Source;
using XrayController.Devices.Stage;
using XrayController.Devices.Transports;
using XrayController.Tests.Shared;

namespace XrayController.Devices.Tests;

/// <summary>
/// Replays the serial-protocol transcripts against the drivers: the test plays the controller's side of each section
/// and runs the driver operation the section names; the driver must send exactly the transcript's commands and return
/// or fail as written.
/// </summary>
public class LineDriverConformanceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("ensemble-step.txt")]
    [InlineData("ensemble-fly.txt")]
    [InlineData("ensemble-errors.txt")]
    public async Task Ensemble_stage_follows_the_transcript(string file)
    {
        await using var peer = new ScriptedLinePeer();
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        EnsembleRotationStage? stage = null;
        await ReplayAsync(file, peer, async section => section.Operation switch
        {
            "connect" => Connected(stage = await EnsembleRotationStage.ConnectAsync(await ChannelAsync(peer), DemoProfile.Stage, clock, CancellationToken.None)),
            "position" => await stage!.GetPositionAsync(CancellationToken.None),
            "move_to" => await Done(stage!.MoveToAsync(section.Number(0), CancellationToken.None)),
            "home" => await Done(stage!.HomeAsync(CancellationToken.None)),
            "stop" => await Done(stage!.StopAsync(CancellationToken.None)),
            "fly" => await Done(stage!.FlyAsync(ThreeFrameSweep(), CancellationToken.None)),
            _ => throw new InvalidOperationException($"no stage operation '{section.Operation}'"),
        });
        await stage!.DisposeAsync();
    }

    [Fact]
    public async Task Gcs_axis_follows_the_transcript()
    {
        await using var peer = new ScriptedLinePeer();
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        GcsAxis? axis = null;
        await ReplayAsync("gcs-axis.txt", peer, async section => section.Operation switch
        {
            "connect" => Connected(axis = await GcsAxis.ConnectAsync(new GcsController(await ChannelAsync(peer)), DemoProfile.SampleX, clock, CancellationToken.None)),
            "position" => await axis!.GetPositionAsync(CancellationToken.None),
            "move_to" => await Done(axis!.MoveToAsync(section.Number(0), CancellationToken.None)),
            "stop" => await Done(axis!.StopAsync(CancellationToken.None)),
            _ => throw new InvalidOperationException($"no axis operation '{section.Operation}'"),
        });
        await axis!.DisposeAsync();
    }

    [Fact]
    public async Task Gcs_shutter_follows_the_transcript()
    {
        await using var peer = new ScriptedLinePeer();
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        Task<CommandChannel> channel = ChannelAsync(peer);
        await using var shutter = new GcsDigitalOutputShutter(new GcsController(await channel), 1, DemoProfile.Profile.ShutterActuationS, clock);
        await ReplayAsync("gcs-shutter.txt", peer, async section => section.Operation switch
        {
            "open" => await Done(shutter.SetOpenAsync(true, CancellationToken.None)),
            "close" => await Done(shutter.SetOpenAsync(false, CancellationToken.None)),
            "is_open" => await shutter.IsOpenAsync(CancellationToken.None) ? 1 : 0,
            _ => throw new InvalidOperationException($"no shutter operation '{section.Operation}'"),
        });
    }

    [Fact]
    public async Task Isovolt_tube_follows_the_transcript()
    {
        await using var peer = new ScriptedLinePeer();
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var tube = new SourceProfile(30, 160, 250, 25) { WarmUpS = 1 };
        IsovoltTube? driver = null;
        await ReplayAsync("isovolt.txt", peer, async section => section.Operation switch
        {
            "connect" => Connected(driver = await IsovoltTube.ConnectAsync(await ChannelAsync(peer), tube, clock, CancellationToken.None)),
            "set" => await Done(driver!.SetOperatingPointAsync(section.Number(0), section.Number(1), CancellationToken.None)),
            "on" => await Done(driver!.SetBeamOnAsync(true, CancellationToken.None)),
            "off" => await Done(driver!.SetBeamOnAsync(false, CancellationToken.None)),
            _ => throw new InvalidOperationException($"no tube operation '{section.Operation}'"),
        });
        await driver!.DisposeAsync();
    }

    [Fact]
    public async Task Keithley_picoammeter_follows_the_transcript()
    {
        await using var peer = new ScriptedLinePeer();
        Keithley6485BeamMonitor? monitor = null;
        await ReplayAsync("keithley-6485.txt", peer, async section => section.Operation switch
        {
            "connect" => Connected(monitor = await Keithley6485BeamMonitor.ConnectAsync(await ChannelAsync(peer), CancellationToken.None)),
            "read" => await monitor!.ReadCurrentAsync(CancellationToken.None),
            _ => throw new InvalidOperationException($"no picoammeter operation '{section.Operation}'"),
        });
        await monitor!.DisposeAsync();
    }

    /// <summary>Three frames every 1° from 0°, 10 ms exposure, on the demo profile (the sweep of <c>ensemble-fly.txt</c>).</summary>
    internal static FlySweep ThreeFrameSweep() => FlySweep.Plan(0, 1, 3, 0.01, DemoProfile.Profile.Rotation, DemoProfile.Profile.Detector);

    internal static async Task<CommandChannel> ChannelAsync(ScriptedLinePeer peer)
    {
        var link = new DeviceLink("test", peer.Address, DeviceConnections.DefaultBaudRate, false);
        return new CommandChannel(await LineTransports.OpenAsync(link, "device under test", Timeout, CancellationToken.None), "device under test", Timeout);
    }

    /// <summary>An operation without a value: its result is NaN, which a section with no <c>=</c> line never checks.</summary>
    private static double Connected(object driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return double.NaN;
    }

    private static async Task<double> Done(Task operation)
    {
        await operation;
        return double.NaN;
    }

    /// <summary>
    /// For each section (raw ones are the simulator's): the peer plays it while the operation runs; then the outcome is
    /// checked against the section's <c>=</c> or <c>!</c> line and every scripted step must have been played.
    /// </summary>
    private static async Task ReplayAsync(string file, ScriptedLinePeer peer, Func<TranscriptSection, Task<double>> operation)
    {
        foreach (TranscriptSection section in ConformanceTranscript.Load(file).Where(s => !s.IsRaw))
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Task play = peer.PlayAsync(section.Steps, limit.Token);
            TranscriptStep? failure = section.Steps.FirstOrDefault(s => s.Kind == TranscriptStepKind.Failure);
            TranscriptStep? result = section.Steps.FirstOrDefault(s => s.Kind == TranscriptStepKind.Result);
            Task<double> run = operation(section);
            if (await Task.WhenAny(play, run) == play && play.IsFaulted)
            {
                await play;
            }

            if (failure is not null)
            {
                string[] expected = failure.Text.Split(' ', 2);
                DeviceException thrown = await Assert.ThrowsAnyAsync<DeviceException>(() => run);
                Assert.True(thrown.GetType().Name == expected[0], $"{file} {section}: expected {expected[0]}, got {thrown.GetType().Name}: {thrown.Message}");
                Assert.Contains(expected[1], thrown.Message, StringComparison.Ordinal);
            }
            else
            {
                double value = await run;
                if (result is not null)
                {
                    Assert.Equal(double.Parse(result.Text, System.Globalization.CultureInfo.InvariantCulture), value, 9);
                }
            }

            await play.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
