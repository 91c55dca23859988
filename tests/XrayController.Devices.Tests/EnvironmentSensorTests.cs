using XrayController.Core.Devices;
using XrayController.Core.Timing;
using XrayController.Devices.Environment;
using XrayController.Simulators.Environment;

namespace XrayController.Devices.Tests;

/// <summary>The Iot.Device.Bmxx80 binding, behind our sensor driver, reading the simulated BME280's register map.</summary>
public sealed class EnvironmentSensorTests
{
    [Fact]
    public async Task The_binding_reads_back_the_simulated_temperature_humidity_and_pressure()
    {
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var air = new SimulatedEnvironment(22.5, driftCPerHour: 0.6, clock);
        await using var sensor = new Bme280EnvironmentSensor(new SimulatedBme280(air));

        EnvironmentReading first = await sensor.ReadAsync(CancellationToken.None);
        clock.AdvanceSeconds(1800);
        EnvironmentReading later = await sensor.ReadAsync(CancellationToken.None);
        air.Excursion(60);
        EnvironmentReading excursion = await sensor.ReadAsync(CancellationToken.None);

        Assert.Equal(22.5, first.TemperatureC, 0.02);
        Assert.Equal(SimulatedEnvironment.HumidityPercent, first.HumidityPercent, 0.2);
        Assert.Equal(SimulatedEnvironment.PressurePa / 100, first.PressureHpa, 0.05);
        Assert.Equal(22.8, later.TemperatureC, 0.02);
        Assert.Equal(22.8 + SimulatedEnvironment.ExcursionC, excursion.TemperatureC, 0.02);
    }
}
