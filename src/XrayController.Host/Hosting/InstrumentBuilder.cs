using System.Device.Gpio;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Devices.Environment;
using XrayController.Devices.Errors;
using XrayController.Devices.Safety;
using XrayController.Devices.Wiring;
using XrayController.Simulators;
using XrayController.Simulators.Environment;
using XrayController.Simulators.Gpio;
using XrayController.Simulators.InProcess;

namespace XrayController.Host.Hosting;

/// <summary>
/// Turns an instrument profile into connected device capabilities, the one place that does. A real profile (one with a
/// <c>devices</c> section) gets the drivers on the transports it names; a simulated one gets the protocol servers
/// started in this process and the same drivers connected to them. The in-process capability fakes, on a virtual
/// clock, serve the soak bench, with the real GPIO safety system and BME280 binding on their simulated chips.
/// </summary>
public sealed class InstrumentBuilder
{
    /// <summary>The simulated instrument's protocol servers alone, for a process of their own (<c>xrayctl sim</c>) or a bench of their links.</summary>
    public Task<InstrumentSimulator> StartSimulatorAsync(InstrumentProfile profile, TimeProvider time, InstrumentSimulatorOptions? options, CancellationToken cancellationToken) =>
        InstrumentSimulator.StartAsync(profile, time, options, cancellationToken);

    /// <summary>The profile's instrument through its drivers; a device that cannot be reached is a failure to run, named in the message.</summary>
    public async Task<AssembledInstrument> ConnectAsync(InstrumentProfile profile, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        InstrumentSimulator? simulator = profile.Devices is null ? await StartSimulatorAsync(profile, time, null, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            ConnectedInstrument connected = await ConnectedInstrument.ConnectAsync(profile, profile.Devices ?? simulator!.Connections, time, cancellationToken, simulator?.Gpio, simulator?.EnvironmentChip).ConfigureAwait(false);
            return new AssembledInstrument(connected, simulator, simulator?.Scene ?? (profile.Simulated ? SimulationScene.Create(profile) : null));
        }
        catch (Exception e)
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync().ConfigureAwait(false);
            }

            if (e is DeviceException device)
            {
                throw new InvalidOperationException($"cannot connect to instrument '{profile.Name}': {device.Message}", device);
            }

            throw;
        }
    }

    /// <summary>The in-process capability fakes of a simulated profile on a virtual clock, behind the safety system on a simulated GPIO board and the sensor on a simulated BME280.</summary>
    public InProcessAssembly AssembleInProcess(InstrumentProfile profile, VirtualClock clock)
    {
        ArgumentNullException.ThrowIfNull(profile);
        SafetyProfile lines = profile.Safety ?? throw new InvalidOperationException($"'{profile.Name}' has no safety section for the in-process instrument's GPIO board");
        InProcessInstrument fakes = InProcessInstrument.Create(profile, clock);
        var board = new SimulatedGpioBoard(
            [Wiring("main", lines.MainShutter), .. lines.FastShutter is { } fast ? (ShutterWiring[])[Wiring("fast", fast)] : []],
            lines.DoorInterlockPin,
            clock,
            keepHistory: false);
        var air = new SimulatedEnvironment(profile.Simulation!.TemperatureC, profile.Simulation.TemperatureDriftCPerHour, clock);
        var safety = new GpioSafetySystem(new GpioController(board), lines, clock, source: null);
        var sensor = new Bme280EnvironmentSensor(new SimulatedBme280(air));
        Instrument devices = fakes.Devices with { Shutter = safety.MainShutter, Safety = safety, Environment = sensor };
        return new InProcessAssembly(devices, fakes, board, air, [sensor, safety]);
    }

    private static ShutterWiring Wiring(string name, ShutterPins pins) => new(name, pins.CommandPin, pins.OpenPin, pins.ClosedPin, pins.ActuationS);
}

/// <summary>An instrument connected through its drivers, with the simulated one's servers and scene when it is simulated; disposing closes the drivers, then the servers.</summary>
public sealed class AssembledInstrument(ConnectedInstrument connected, InstrumentSimulator? simulator, SimulationScene? scene) : IAsyncDisposable
{
    public Instrument Devices => connected.Devices;

    /// <summary>The simulated sample and its truth; null for a real instrument.</summary>
    public SimulationScene? Scene => scene;

    public async ValueTask DisposeAsync()
    {
        await connected.DisposeAsync().ConfigureAwait(false);
        if (simulator is not null)
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The in-process instrument and the simulated parts a test or bench acts on (the beam, the board's door, the air); disposing releases the drivers.</summary>
public sealed class InProcessAssembly(Instrument devices, InProcessInstrument fakes, SimulatedGpioBoard board, SimulatedEnvironment air, IAsyncDisposable[] drivers) : IAsyncDisposable
{
    public Instrument Devices => devices;

    public InProcessInstrument Fakes => fakes;

    public SimulatedGpioBoard Board => board;

    public SimulatedEnvironment Air => air;

    public async ValueTask DisposeAsync()
    {
        foreach (IAsyncDisposable driver in drivers)
        {
            await driver.DisposeAsync().ConfigureAwait(false);
        }
    }
}
