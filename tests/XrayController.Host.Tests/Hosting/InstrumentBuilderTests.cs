using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Host.Hosting;
using XrayController.Simulators;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Hosting;

/// <summary>The instrument builder: simulated profiles behind their protocol servers, real profiles on their ports, and the in-process fakes for the soak.</summary>
public sealed class InstrumentBuilderTests
{
    private readonly InstrumentBuilder _builder = new();

    private static InstrumentProfile Profile(string name) => InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument(name)), name).Profile!;

    [Fact]
    public async Task A_simulated_profile_gets_its_servers_started_and_the_real_drivers_connected_to_them()
    {
        using var time = new ScaledTimeProvider(50);
        Instrument devices;
        await using (AssembledInstrument instrument = await _builder.ConnectAsync(Profile("demo"), time, CancellationToken.None))
        {
            devices = instrument.Devices;
            await devices.Rotation.MoveToAsync(12.5, CancellationToken.None);
            Assert.Equal(12.5, await devices.Rotation.GetPositionAsync(CancellationToken.None), 3);
            await devices.Shutter.SetOpenAsync(true, CancellationToken.None);
            Assert.True(await devices.Shutter.IsOpenAsync(CancellationToken.None));
            Assert.NotNull(devices.BeamMonitor);
            Assert.Equal(63.75, instrument.Scene!.RotationAxisPx);
            Assert.NotNull(instrument.Scene.Phantom);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => devices.Rotation.GetPositionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_profile_that_names_its_devices_gets_the_drivers_on_those_ports_and_no_servers_of_its_own()
    {
        using var time = new ScaledTimeProvider(50);
        await using InstrumentSimulator served = await _builder.StartSimulatorAsync(Profile("demo"), time, null, CancellationToken.None);
        InstrumentProfile profile = Profile("demo") with { Devices = served.Connections };

        await using (AssembledInstrument instrument = await _builder.ConnectAsync(profile, time, CancellationToken.None))
        {
            await instrument.Devices.Rotation.MoveToAsync(-7.25, CancellationToken.None);
            Assert.Equal(-7.25, served.Stage.PositionDeg, 3);
            Assert.NotNull(instrument.Scene);
        }

        await served.DisposeAsync();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _builder.ConnectAsync(profile, time, CancellationToken.None));
        Assert.StartsWith("cannot connect to instrument 'demo': ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_in_process_fakes_stand_behind_the_real_safety_system_and_sensor_on_their_simulated_chips()
    {
        InstrumentProfile profile = Profile("soak");
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);

        await using InProcessAssembly instrument = _builder.AssembleInProcess(profile, clock);

        ISafetySystem safety = instrument.Devices.Safety!;
        Assert.Same(safety.MainShutter, instrument.Devices.Shutter);
        Assert.True(safety.InterlockClosed);
        instrument.Board.OpenDoor();
        Assert.False(safety.InterlockClosed);
        EnvironmentReading air = await instrument.Devices.Environment!.ReadAsync(CancellationToken.None);
        Assert.Equal(profile.Simulation!.TemperatureC, air.TemperatureC, 1);
        Assert.NotNull(instrument.Fakes.Beam);
    }
}
