using XrayController.Core.Yaml;

namespace XrayController.Core.Instruments;

/// <summary>Reads a profile's <c>beam_monitor</c> and <c>suspenders</c> sections.</summary>
internal static class MonitoringProfileReader
{
    public static BeamMonitorProfile? BeamMonitor(MappingReader? monitor)
    {
        if (monitor is null)
        {
            return null;
        }

        var result = new BeamMonitorProfile(monitor.Positive("nominal_a", required: true) ?? 1e-9, monitor.NonNegative("command_s") ?? 0);
        monitor.ReportUnknownKeys();
        return result;
    }

    public static EnvironmentSensorProfile? EnvironmentSensor(MappingReader? sensor)
    {
        if (sensor is null)
        {
            return null;
        }

        var result = new EnvironmentSensorProfile(sensor.Integer("i2c_bus", required: true) ?? 1, sensor.Integer("address") ?? 0x76, sensor.Positive("drift_warning_c") ?? 0.5);
        if (result.Address is not (0x76 or 0x77))
        {
            sensor.Fail("address", "a BME280 answers at 0x76 (118) or 0x77 (119)");
        }

        if (result.I2cBus < 0)
        {
            sensor.Fail("i2c_bus", "must be ≥ 0");
        }

        sensor.ReportUnknownKeys();
        return result;
    }

    public static SuspenderProfile Suspenders(MappingReader? suspenders, BeamMonitorProfile? monitor, EnvironmentSensorProfile? sensor)
    {
        if (suspenders is null)
        {
            return SuspenderProfile.None;
        }

        double? below = null;
        if (suspenders.Mapping("beam_current") is { } beam)
        {
            below = beam.Positive("below_a", required: true);
            if (monitor is null)
            {
                suspenders.Fail("beam_current", "needs a beam_monitor section (the current it watches)");
            }
            else if (below >= monitor.NominalA)
            {
                beam.Fail("below_a", $"must be below the beam monitor's nominal {monitor.NominalA} A, or the scan never runs");
            }

            beam.ReportUnknownKeys();
        }

        var result = new SuspenderProfile(below, suspenders.NonNegative("hold_s") ?? 2, suspenders.Positive("poll_s") ?? 0.1);
        if (suspenders.Mapping("temperature_c") is { } range)
        {
            double min = range.Number("min", required: true) ?? 0;
            double max = range.Number("max", required: true) ?? 0;
            if (sensor is null)
            {
                suspenders.Fail("temperature_c", "needs an environment_sensor section (the temperature it watches)");
            }
            else if (min >= max)
            {
                range.Fail("max", "must be above min");
            }

            range.ReportUnknownKeys();
            result = result with { TemperatureRangeC = (min, max) };
        }

        suspenders.ReportUnknownKeys();
        return result;
    }
}
