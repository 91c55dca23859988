using System.Globalization;
using Microsoft.Extensions.Logging;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// The environment sensor in the scan: read before the first step and at every checkpoint; every frame carries the last
/// temperature. A temperature outside the profile's range suspends the scan until it has been back in range for the hold
/// time; a drift from the first reading beyond the profile's warning level is logged once.
/// </summary>
internal sealed partial class EnvironmentSuspender(IEnvironmentSensor sensor, EnvironmentSensorProfile profile, SuspenderProfile settings, ScanControl control, TimeProvider time, ILogger logger)
{
    public const string Name = "temperature";

    private double? _firstC;
    private bool _warned;
    private long? _lastRead;

    public double LastTemperatureC { get; private set; } = double.NaN;

    /// <summary>Reads the sensor (at most once per poll period of scan time; a checkpoint sooner reuses the last reading) and suspends the scan when out of range.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (_lastRead is { } last && time.GetElapsedTime(last).TotalSeconds < settings.PollS)
        {
            return;
        }

        double celsius = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!InRange(celsius))
        {
            (double min, double max) = settings.TemperatureRangeC!.Value;
            control.Suspend(Name, string.Create(CultureInfo.InvariantCulture, $"temperature {celsius:F2} °C outside {min}–{max} °C"));
        }
    }

    public Task WatchWhileSuspendedAsync(CancellationToken cancellationToken) => SuspensionWatch.UntilGoodAsync(
        control,
        Name,
        async ct => InRange(await ReadAsync(ct).ConfigureAwait(false)),
        settings.PollS,
        settings.HoldS,
        time,
        cancellationToken);

    private bool InRange(double celsius) => settings.TemperatureRangeC is not { } range || (celsius >= range.MinC && celsius <= range.MaxC);

    private async Task<double> ReadAsync(CancellationToken cancellationToken)
    {
        EnvironmentReading reading = await sensor.ReadAsync(cancellationToken).ConfigureAwait(false);
        _lastRead = time.GetTimestamp();
        LastTemperatureC = reading.TemperatureC;
        _firstC ??= reading.TemperatureC;
        if (!_warned && Math.Abs(reading.TemperatureC - _firstC.Value) > profile.DriftWarningC)
        {
            _warned = true;
            LogDrift(reading.TemperatureC - _firstC.Value, profile.DriftWarningC);
        }

        return reading.TemperatureC;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The temperature has drifted {DriftC:+0.00;-0.00} °C since the scan began (warning level {WarningC} °C): expect sample and stage expansion")]
    private partial void LogDrift(double driftC, double warningC);
}
