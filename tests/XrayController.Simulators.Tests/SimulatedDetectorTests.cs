using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Protocols.Simplon;
using XrayController.Simulators.Detector;
using XrayController.Simulators.Stage;
using XrayController.Tests.Shared;

namespace XrayController.Simulators.Tests;

public sealed class SimulatedDetectorTests : IAsyncLifetime
{
    private readonly VirtualClock _clock = new(DateTimeOffset.UnixEpoch);
    private InstrumentSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        InstrumentProfile profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("demo")), "demo").Profile!;
        _simulator = await InstrumentSimulator.StartAsync(profile, _clock, InstrumentSimulatorOptions.Isolated(), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    /// <summary>
    /// The demo detector (10 ms exposure, 2 ms readout overlapped with the next exposure) accepts a trigger once the
    /// previous exposure is over, and ignores one that comes while it still exposes, as real detectors do.
    /// </summary>
    [Fact]
    public async Task A_hardware_trigger_during_an_exposure_is_ignored_and_counted()
    {
        SimplonDetectorSimulator detector = _simulator.Detector;
        await detector.CommandAsync(SimplonApi.Initialize, null, CancellationToken.None);
        Assert.Equal(200, detector.SetConfig(SimplonApi.TriggerMode, SimplonTriggerModes.ExternalSeries).Status);
        Assert.Equal(200, detector.SetConfig(SimplonApi.CountTime, 0.01).Status);
        Assert.Equal(200, detector.SetConfig(SimplonApi.Triggers, 10.0).Status);
        Assert.Equal(200, (await detector.CommandAsync(SimplonApi.Arm, null, CancellationToken.None)).Status);
        long t0 = _clock.GetTimestamp() + 1000;
        long ticksPerMs = _clock.TimestampFrequency / 1000;

        detector.OnPulse(new PsoPulse(0, 0, 1e-5, t0));
        detector.OnPulse(new PsoPulse(1, 0, 1e-5, t0 + (5 * ticksPerMs)));
        detector.OnPulse(new PsoPulse(2, 0, 1e-5, t0 + (10 * ticksPerMs)));
        detector.OnPulse(new PsoPulse(3, 0, 1e-5, t0 + (19 * ticksPerMs)));

        Assert.Equal(2, detector.MissedTriggers);
    }
}
