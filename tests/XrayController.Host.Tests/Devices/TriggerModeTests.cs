using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Devices.Wiring;
using XrayController.Simulators;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Devices;

/// <summary>The detector driver in all four trigger modes against the simulated detector, software and PSO triggered.</summary>
public sealed class TriggerModeTests : IAsyncLifetime
{
    private readonly InstrumentProfile _profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("demo")), "demo").Profile!;
    private readonly ScaledTimeProvider _time = new(1);
    private InstrumentSimulator _simulator = null!;
    private ConnectedInstrument _instrument = null!;

    private Instrument Devices => _instrument.Devices;

    public async Task InitializeAsync()
    {
        _simulator = await InstrumentSimulator.StartAsync(_profile, _time, InstrumentSimulatorOptions.Isolated(), CancellationToken.None);
        _instrument = await ConnectedInstrument.ConnectAsync(_profile, _simulator.Connections, _time, CancellationToken.None);
        await Devices.Shutter.SetOpenAsync(true, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _instrument.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    /// <summary>Internal series: one trigger takes the configured number of frames; internal enable: the trigger carries the exposure.</summary>
    [Fact]
    public async Task Software_triggers_take_a_series_or_one_frame_of_the_given_exposure()
    {
        await ConfigureAsync(new DetectorConfiguration(0.01, 1, TriggerMode.InternalSeries, FramesPerTrigger: 3, TriggerCount: 1));
        await Devices.Detector.TriggerAsync(CancellationToken.None);
        DetectorFrame[] series = [.. await ReadAsync(3)];

        await ConfigureAsync(new DetectorConfiguration(0.03, 1, TriggerMode.InternalEnable, FramesPerTrigger: 1, TriggerCount: 1));
        await Devices.Detector.TriggerAsync(CancellationToken.None);
        DetectorFrame longer = (await ReadAsync(1))[0];

        Assert.Equal([0L, 1, 2], series.Select(f => f.ImageNumber));
        double dark = _profile.Simulation!.DarkCounts;
        double ratio = (MeanCounts(longer) - dark) / (MeanCounts(series[0]) - dark);
        Assert.InRange(ratio, 2.9, 3.1);
    }

    /// <summary>External series: one frame of the set exposure per PSO pulse; external enable: the pulse width (10 µs) is the exposure.</summary>
    [Fact]
    public async Task Hardware_triggers_from_the_stage_take_one_frame_per_pulse()
    {
        FlySweep sweep = FlySweep.Plan(0, 1, 3, 0.01, _profile.Rotation, _profile.Detector);

        await ConfigureAsync(new DetectorConfiguration(0.01, 1, TriggerMode.ExternalSeries, FramesPerTrigger: 1, TriggerCount: 3));
        await Devices.Rotation.FlyAsync(sweep, CancellationToken.None);
        DetectorFrame[] series = [.. await ReadAsync(3)];

        await ConfigureAsync(new DetectorConfiguration(0.01, 1, TriggerMode.ExternalEnable, FramesPerTrigger: 1, TriggerCount: 3));
        await Devices.Rotation.FlyAsync(sweep, CancellationToken.None);
        DetectorFrame[] gated = [.. await ReadAsync(3)];

        Assert.Equal([0L, 1, 2], series.Select(f => f.ImageNumber));
        Assert.Equal([0L, 1, 2], gated.Select(f => f.ImageNumber));
        double dark = _profile.Simulation!.DarkCounts;
        double ratio = (MeanCounts(gated[0]) - dark) / (MeanCounts(series[0]) - dark);
        Assert.InRange(ratio, 0.0005, 0.002);
    }

    private async Task ConfigureAsync(DetectorConfiguration configuration)
    {
        await Devices.Detector.DisarmAsync(CancellationToken.None);
        await Devices.Detector.ConfigureAsync(configuration, CancellationToken.None);
        await Devices.Detector.ArmAsync(CancellationToken.None);
    }

    private async Task<List<DetectorFrame>> ReadAsync(int count)
    {
        var frames = new List<DetectorFrame>();
        for (int i = 0; i < count; i++)
        {
            frames.Add(await Devices.Detector.ReadFrameAsync(CancellationToken.None));
        }

        return frames;
    }

    private static double MeanCounts(DetectorFrame frame)
    {
        ReadOnlySpan<ushort> pixels = frame.Pixels.Span;
        double sum = 0;
        foreach (ushort value in pixels)
        {
            sum += value;
        }

        return sum / pixels.Length;
    }
}
