using System.Device.I2c;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.ReadResult;
using XrayController.Core.Devices;
using XrayController.Devices.Errors;

namespace XrayController.Devices.Environment;

/// <summary>
/// A Bosch BME280 on I2C read through the <c>Iot.Device.Bmxx80</c> binding: one forced measurement per reading
/// (temperature, humidity, pressure). A reading the binding cannot complete is a device fault naming the bus and address.
/// </summary>
public sealed class Bme280EnvironmentSensor : IEnvironmentSensor, IAsyncDisposable
{
    private readonly Bme280 _chip;
    private readonly string _name;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Bme280EnvironmentSensor(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _name = $"environment sensor (I2C bus {device.ConnectionSettings.BusId}, address 0x{device.ConnectionSettings.DeviceAddress:X2})";
        try
        {
            _chip = new Bme280(device);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw new DeviceConnectionException(_name, "chip id", $"no BME280 answers: {e.Message}", e);
        }
    }

    public async Task<EnvironmentReading> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Bme280ReadResult result = await _chip.ReadAsync().ConfigureAwait(false);
            return result.Temperature is { } t && result.Humidity is { } h && result.Pressure is { } p
                ? new EnvironmentReading(t.DegreesCelsius, h.Percent, p.Hectopascals)
                : throw new DeviceFaultException(_name, "forced measurement", null, "the measurement returned no value (sensor skipped or not ready)");
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _chip.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }
}
