using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Timing;
using XrayController.Devices.Wiring;
using XrayController.Simulators;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Devices;

/// <summary>The monochromator driver moves the simulated Bragg axis (GCS, degrees) to the Si(111) angle of each energy.</summary>
public class MonochromatorDriverTests
{
    [Theory]
    [InlineData(8333.0, 13.7245)]
    [InlineData(8178.0, 13.9899)]
    [InlineData(8570.0, 13.3379)]
    public async Task An_energy_is_the_si111_bragg_angle_of_the_axis_and_reads_back(double energyEv, double braggDeg)
    {
        InstrumentProfile profile = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument("txm-xanes")), "txm-xanes").Profile!;
        var time = new ScaledTimeProvider(50);
        await using InstrumentSimulator simulator = await InstrumentSimulator.StartAsync(profile, time, InstrumentSimulatorOptions.Isolated(), CancellationToken.None);
        await using ConnectedInstrument instrument = await ConnectedInstrument.ConnectAsync(profile, simulator.Connections, time, CancellationToken.None);

        await instrument.Devices.Monochromator!.SetEnergyAsync(energyEv, CancellationToken.None);

        Assert.Equal(braggDeg, simulator.Bragg!.Position, 4);
        Assert.Equal(BraggMonochromator.BraggAngleDeg(energyEv, profile.Monochromator!.DSpacingAngstrom), simulator.Bragg.Position, 6);
        Assert.Equal(energyEv, await instrument.Devices.Monochromator.GetEnergyAsync(CancellationToken.None), 2);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => instrument.Devices.Monochromator.SetEnergyAsync(20000, CancellationToken.None));
    }
}
