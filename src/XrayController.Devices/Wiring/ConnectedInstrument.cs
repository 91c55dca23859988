using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.I2c;
using XrayController.Core.Devices;
using XrayController.Devices.BeamMonitor;
using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Devices.Detector;
using XrayController.Devices.Environment;
using XrayController.Devices.Errors;
using XrayController.Devices.Gcs;
using XrayController.Devices.LinearAxis;
using XrayController.Devices.Monochromator;
using XrayController.Devices.Safety;
using XrayController.Devices.Source;
using XrayController.Devices.Shutter;
using XrayController.Devices.Stage;
using XrayController.Devices.Transports;

namespace XrayController.Devices.Wiring;

/// <summary>
/// The instrument as the engine sees it, made of real drivers connected to the ports a profile's <c>devices</c> section
/// names (the real instrument, or a simulated one's servers). Disposing closes every connection.
/// </summary>
public sealed class ConnectedInstrument : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _drivers = [];

    private ConnectedInstrument()
    {
    }

    public Instrument Devices { get; private set; } = null!;

    /// <summary>Connects every device; on any failure the ones already connected are closed and the error says which device failed.</summary>
    /// <param name="gpio">The GPIO chip of the safety lines when simulated (the simulated board); null opens the profile's chip through libgpiod.</param>
    /// <param name="environment">The environment sensor's I2C device when simulated; null opens the profile's bus and address.</param>
    public static async Task<ConnectedInstrument> ConnectAsync(InstrumentProfile profile, DeviceConnections connections, TimeProvider time, CancellationToken cancellationToken, GpioDriver? gpio = null, I2cDevice? environment = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(connections);
        var instrument = new ConnectedInstrument();
        try
        {
            await instrument.ConnectAllAsync(profile, connections, time, gpio, environment, cancellationToken).ConfigureAwait(false);
            return instrument;
        }
        catch
        {
            await instrument.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = _drivers.Count - 1; i >= 0; i--)
        {
            await _drivers[i].DisposeAsync().ConfigureAwait(false);
        }

        _drivers.Clear();
    }

    private async Task ConnectAllAsync(InstrumentProfile profile, DeviceConnections connections, TimeProvider time, GpioDriver? gpio, I2cDevice? environment, CancellationToken cancellationToken)
    {
        TimeSpan timeout = TimeSpan.FromSeconds(connections.CommandTimeoutS);
        RotationProfile rotation = profile.Rotation;
        var stage = Keep(await EnsembleRotationStage.ConnectAsync(
            await ChannelAsync(connections.Stage, "rotation stage", timeout, cancellationToken).ConfigureAwait(false),
            new EnsembleStageOptions(rotation.SpeedDegS, rotation.AccelerationDegS2, rotation.EncoderCountsPerDeg, rotation.MinDeg, rotation.MaxDeg),
            time,
            cancellationToken).ConfigureAwait(false));

        var axes = new Dictionary<string, ILinearAxis>(StringComparer.Ordinal);
        foreach ((string name, LinearAxisProfile axis) in profile.Axes)
        {
            GcsController controller = new(await ChannelAsync(connections.Axes[name], $"axis {name}", timeout, cancellationToken).ConfigureAwait(false));
            GcsAxis gcs = await GcsAxis.ConnectAsync(controller, new GcsAxisOptions(name, axis.SpeedMmS, axis.AccelerationMmS2, axis.MinMm, axis.MaxMm), time, cancellationToken).ConfigureAwait(false);
            axes[name] = Keep(new GcsLinearAxis(gcs));
        }

        GcsMonochromator? monochromator = null;
        if (profile.Monochromator is { } mono && connections.Monochromator is { } monoLink)
        {
            GcsController controller = new(await ChannelAsync(monoLink, "monochromator", timeout, cancellationToken).ConfigureAwait(false));
            var options = new GcsAxisOptions(
                "bragg",
                mono.BraggSpeedDegS,
                mono.BraggAccelerationDegS2,
                BraggMonochromator.BraggAngleDeg(mono.MaxEv, mono.DSpacingAngstrom),
                BraggMonochromator.BraggAngleDeg(mono.MinEv, mono.DSpacingAngstrom));
            GcsAxis bragg = await GcsAxis.ConnectAsync(controller, options, time, cancellationToken).ConfigureAwait(false);
            monochromator = Keep(new GcsMonochromator(bragg, mono.DSpacingAngstrom, mono.MinEv, mono.MaxEv));
        }

        IsovoltTube? tube = null;
        if (profile.Source is { } tubeProfile && connections.Source is { } tubeLink)
        {
            tube = Keep(await IsovoltTube.ConnectAsync(await ChannelAsync(tubeLink, "X-ray tube", timeout, cancellationToken, carriageReturnEnds: true).ConfigureAwait(false), tubeProfile, time, cancellationToken).ConfigureAwait(false));
        }

        GpioSafetySystem? safety = profile.Safety is { } lines ? Keep(new GpioSafetySystem(new GpioController(gpio ?? OpenChip(lines.GpioChip)), lines, time, tube)) : null;
        IShutter shutter = safety?.MainShutter ?? Keep(new GcsDigitalOutputShutter(
            new GcsController(await ChannelAsync(connections.Shutter!, "shutter", timeout, cancellationToken).ConfigureAwait(false)),
            connections.ShutterLine,
            profile.ShutterActuationS,
            time));
        var detector = Keep(await SimplonDetector.ConnectAsync(
            new SimplonDetectorOptions(new Uri(connections.Detector.Url), connections.Detector.Stream, timeout, TimeSpan.FromSeconds(connections.FrameTimeoutS)),
            time,
            cancellationToken).ConfigureAwait(false));
        Keithley6485BeamMonitor? monitor = null;
        if (profile.BeamMonitor is not null && connections.BeamMonitor is { } monitorLink)
        {
            monitor = Keep(await Keithley6485BeamMonitor.ConnectAsync(await ChannelAsync(monitorLink, "beam monitor", timeout, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false));
        }

        Bme280EnvironmentSensor? sensor = profile.EnvironmentSensor is { } bme
            ? Keep(new Bme280EnvironmentSensor(environment ?? I2cDevice.Create(new I2cConnectionSettings(bme.I2cBus, bme.Address))))
            : null;
        Devices = new Instrument(stage, axes, detector, shutter, monochromator, safety?.Source ?? tube) { BeamMonitor = monitor, Safety = safety, Environment = sensor };
    }

    private static LibGpiodDriver OpenChip(int chip)
    {
        try
        {
            return new LibGpiodDriver(chip);
        }
        catch (Exception e) when (e is PlatformNotSupportedException or IOException or InvalidOperationException or DllNotFoundException)
        {
            throw new DeviceConnectionException($"GPIO chip {chip}", "open", $"cannot open the safety lines' GPIO chip: {e.Message}", e);
        }
    }

    private T Keep<T>(T driver)
        where T : IAsyncDisposable
    {
        _drivers.Add(driver);
        return driver;
    }

    private async Task<CommandChannel> ChannelAsync(DeviceLink link, string device, TimeSpan timeout, CancellationToken cancellationToken, bool carriageReturnEnds = false)
    {
        string name = $"{device} ({link.Port})";
        ILineTransport transport = await LineTransports.OpenAsync(link, name, timeout, cancellationToken, carriageReturnEnds).ConfigureAwait(false);
        return new CommandChannel(transport, name, timeout);
    }
}
