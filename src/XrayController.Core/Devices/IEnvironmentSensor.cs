namespace XrayController.Core.Devices;

/// <summary>One reading of the hutch's air.</summary>
public sealed record EnvironmentReading(double TemperatureC, double HumidityPercent, double PressureHpa);

/// <summary>An environment sensor near the sample: temperature drift expands the sample and stage during long scans.</summary>
public interface IEnvironmentSensor
{
    Task<EnvironmentReading> ReadAsync(CancellationToken cancellationToken);
}
