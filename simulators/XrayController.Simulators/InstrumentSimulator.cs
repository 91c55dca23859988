using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Timing;
using XrayController.Simulators.BeamMonitor;
using XrayController.Simulators.Detector;
using XrayController.Simulators.Environment;
using XrayController.Simulators.Gcs;
using XrayController.Simulators.Gpio;
using XrayController.Simulators.Physics;
using XrayController.Simulators.Source;
using XrayController.Simulators.Stage;
using XrayController.Simulators.Transport;

namespace XrayController.Simulators;

/// <summary>Where the simulated instrument listens: fixed ports when given (0 picks free ones).</summary>
public sealed record InstrumentSimulatorOptions(int StageTcpPort = 0, int DetectorHttpPort = 0, string StreamBindAddress = "tcp://127.0.0.1")
{
    /// <summary>
    /// Options for a simulator that runs beside others on one machine (tests in parallel): the detector's image stream
    /// bound on a loopback address of its own (127.x.y.z, random), not 127.0.0.1. ZeroMQ keeps reconnecting a PULL
    /// socket whose peer went away, and PUSH deals its images round-robin among every reader connected, so a reader
    /// still reconnecting to a port another simulator freed would take its share of the images of a simulator that
    /// binds the same port later: that series would stall or lose images. A stream on an address nothing else uses
    /// cannot be joined that way.
    /// </summary>
    public static InstrumentSimulatorOptions Isolated()
    {
        int[] octets = [.. Enumerable.Range(0, 3).Select(_ => Random.Shared.Next(1, 255))];
        return new InstrumentSimulatorOptions(StreamBindAddress: $"tcp://127.{octets[0]}.{octets[1]}.{octets[2]}");
    }
}

/// <summary>
/// The simulated instrument as servers on real transports, as ARCHITECTURE §1 has it: the rotation stage is an Aerotech
/// Ensemble on a pseudo-terminal and on TCP, each linear axis and the monochromator's Bragg axis a PI GCS controller on
/// its own pseudo-terminal, the shutter a digital output line of one more GCS controller, the beam monitor (when the
/// profile has one) a Keithley 6485 picoammeter on a pseudo-terminal, a laboratory tube an ISOVOLT-style controller on
/// one more, the safety lines a simulated GPIO chip, and the detector a SIMPLON
/// REST server (Kestrel) with a ZeroMQ PUSH image stream. The stage is reached over TCP by default, as an Ensemble on
/// Ethernet usually is. The stage's PSO output is wired to the detector's trigger
/// input; the detector renders what the stage, axes and shutter present at mid-exposure. <see cref="Connections"/> is
/// what a profile's <c>devices</c> section would say to reach them.
/// </summary>
public sealed class InstrumentSimulator : IAsyncDisposable
{
    /// <summary>Counts per mm of the simulated linear encoders (0.1 µm) and per degree of the Bragg axis.</summary>
    private const double LinearCountsPerMm = 1e4;
    private const double BraggCountsPerDeg = 1e7;
    private const int ShutterLine = 1;

    /// <summary>
    /// How long (s) the drivers wait for a simulated device's reply: longer than a real device's default
    /// (<see cref="DeviceConnections.DefaultCommandTimeoutS"/>), because the simulator shares the machine's cores with the
    /// scan's reconstruction and, in the test suite, with other scans — a real controller does not, and a loaded machine
    /// must not pass for a device that stopped answering (a reply 2.6 s late ended a CI run).
    /// </summary>
    public const double CommandTimeoutS = 5;
    private const string ShutterLineId = "1";
    private const string MainShutterName = "main";
    private const string FastShutterName = "fast";

    private readonly List<IDisposable> _links = [];
    private readonly List<SimulatedFault> _imageFaults = [];
    private long _images;
    private SimplonHttpServer? _http;
    private DetectorStreamPusher? _pusher;

    private InstrumentSimulator(InstrumentProfile profile, SimulationScene scene, TimeProvider time)
    {
        Profile = profile;
        Scene = scene;
        Stage = new EnsembleStageSimulator(profile.Rotation, time);
        Axes = profile.Axes.ToDictionary(
            a => a.Key,
            a => new GcsAxisSimulator(new GcsAxisSettings(a.Key, a.Value.MinMm, a.Value.MaxMm, a.Value.SpeedMmS, a.Value.AccelerationMmS2, a.Value.InitialMm, LinearCountsPerMm), time),
            StringComparer.Ordinal);
        if (profile.Monochromator is { } mono)
        {
            Bragg = new GcsAxisSimulator(
                new GcsAxisSettings(
                    "bragg",
                    BraggMonochromator.BraggAngleDeg(mono.MaxEv, mono.DSpacingAngstrom),
                    BraggMonochromator.BraggAngleDeg(mono.MinEv, mono.DSpacingAngstrom),
                    mono.BraggSpeedDegS,
                    mono.BraggAccelerationDegS2,
                    BraggMonochromator.BraggAngleDeg(mono.InitialEv, mono.DSpacingAngstrom),
                    BraggCountsPerDeg),
                time);
        }

        ShutterController = new GcsAxisSimulator(new GcsAxisSettings("shutter controller", 0, 1, 1, 1, 0, 1), time);
        SimulationProfile simulation = profile.Simulation!;
        FlatPanelLag? lag = profile.Detector.Kind == DetectorKind.FlatPanel && simulation.LagFraction > 0
            ? new FlatPanelLag(simulation.LagFraction, simulation.DarkCounts, (1 << profile.Detector.BitDepth) - 1)
            : null;
        if (profile.Safety is { } safety)
        {
            Gpio = new SimulatedGpioBoard(
                [
                    Wiring(MainShutterName, safety.MainShutter),
                    .. safety.FastShutter is { } fast ? (ShutterWiring[])[Wiring(FastShutterName, fast)] : [],
                ],
                safety.DoorInterlockPin,
                time);
        }

        if (profile.EnvironmentSensor is not null)
        {
            Air = new SimulatedEnvironment(profile.Simulation!.TemperatureC, profile.Simulation.TemperatureDriftCPerHour, time);
            EnvironmentChip = new SimulatedBme280(Air, profile.EnvironmentSensor.I2cBus);
        }

        if (profile.Source is { } source)
        {
            Tube = new IsovoltTubeSimulator(source, time, () => Gpio?.DoorClosed ?? true);
        }

        if (profile.BeamMonitor is { } monitor)
        {
            Beam = new SimulatedBeam(monitor.NominalA, time);
            BeamMonitor = new Keithley6485Simulator(Beam, time);
        }

        Detector = new SimplonDetectorSimulator(profile.Detector, simulation.PhotonsPerPixelPerS, scene.Renderer, time, Sample, Send, lag);
        Stage.Pulse += Detector.OnPulse;
        Time = time;
        foreach (SimulatedFault fault in simulation.Faults)
        {
            Schedule(fault);
        }
    }

    public InstrumentProfile Profile { get; }

    public SimulationScene Scene { get; }

    public TimeProvider Time { get; }

    public EnsembleStageSimulator Stage { get; }

    public IReadOnlyDictionary<string, GcsAxisSimulator> Axes { get; }

    public GcsAxisSimulator? Bragg { get; }

    public GcsAxisSimulator ShutterController { get; }

    public SimplonDetectorSimulator Detector { get; }

    /// <summary>The GPIO chip with the safety hardware (shutters, door interlock, lamp) when the profile has a safety section, else null.</summary>
    public SimulatedGpioBoard? Gpio { get; }

    /// <summary>The beam the monitor reads and the detector sees; null without a beam monitor (the beam never fails).</summary>
    public SimulatedBeam? Beam { get; }

    /// <summary>The hutch's air, and the BME280 on I2C that reads it; null when the profile has no environment sensor.</summary>
    public SimulatedEnvironment? Air { get; }

    public SimulatedBme280? EnvironmentChip { get; }

    /// <summary>The X-ray tube's controller (a laboratory source), or null when the profile has none.</summary>
    public IsovoltTubeSimulator? Tube { get; }

    /// <summary>The picoammeter on the beam's ion chamber, or null when the profile has no beam monitor.</summary>
    public Keithley6485Simulator? BeamMonitor { get; }

    /// <summary>Where each device listens, as a profile's <c>devices</c> section.</summary>
    public DeviceConnections Connections { get; private set; } = null!;

    /// <summary>The stage's TCP address (<c>tcp://127.0.0.1:port</c>), the one <see cref="Connections"/> names: an Ensemble on Ethernet.</summary>
    public string StageTcpAddress { get; private set; } = string.Empty;

    /// <summary>The stage's serial port (a pseudo-terminal), served beside TCP with the same device behind it.</summary>
    public string StagePseudoTerminal { get; private set; } = string.Empty;

    public static async Task<InstrumentSimulator> StartAsync(InstrumentProfile profile, TimeProvider time, InstrumentSimulatorOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new InstrumentSimulatorOptions();
        var simulator = new InstrumentSimulator(profile, SimulationScene.Create(profile), time);
        try
        {
            await simulator.ServeAsync(options, cancellationToken).ConfigureAwait(false);
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes every server; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (IDisposable link in _links)
        {
            link.Dispose();
        }

        _links.Clear();
        if (_http is not null)
        {
            await _http.DisposeAsync().ConfigureAwait(false);
            _http = null;
        }

        _pusher?.Dispose();
        _pusher = null;
    }

    private async Task ServeAsync(InstrumentSimulatorOptions options, CancellationToken cancellationToken)
    {
        string stagePort = Serve(Stage, Stage.Faults, "simulated stage");
        var tcp = new TcpLineListener(options.StageTcpPort, ((ILineProtocolFactory)Stage).CreateSession, Stage.Faults, "simulated stage tcp");
        _links.Add(tcp);
        StageTcpAddress = $"{DeviceLink.TcpScheme}127.0.0.1:{tcp.Port}";
        var axes = Axes.ToDictionary(a => a.Key, a => Link(DeviceConnections.Gcs, Serve(a.Value, a.Value.Faults, $"simulated {a.Key}")), StringComparer.Ordinal);
        DeviceLink? mono = Bragg is null ? null : Link(DeviceConnections.Gcs, Serve(Bragg, Bragg.Faults, "simulated monochromator"));
        DeviceLink? shutter = Gpio is null ? Link(DeviceConnections.GcsDigitalOutput, Serve(ShutterController, ShutterController.Faults, "simulated shutter")) : null;
        _pusher = new DetectorStreamPusher(options.StreamBindAddress);
        _http = await SimplonHttpServer.StartAsync(Detector, options.DetectorHttpPort, cancellationToken).ConfigureAwait(false);
        StagePseudoTerminal = stagePort;
        DeviceLink? monitor = BeamMonitor is null ? null : Link(DeviceConnections.Keithley6485, Serve(BeamMonitor, BeamMonitor.Faults, "simulated beam monitor"));
        DeviceLink? tube = Tube is null ? null : Link(DeviceConnections.Isovolt, Serve(Tube, Tube.Faults, "simulated X-ray tube"));
        Connections = new DeviceConnections(
            CommandTimeoutS,
            Link(DeviceConnections.Ensemble, StageTcpAddress),
            axes,
            mono,
            shutter,
            ShutterLine,
            new DetectorLink(DeviceConnections.Simplon, _http.Url, _pusher.Endpoint))
        {
            BeamMonitor = monitor,
            Source = tube,
        };
    }

    /// <summary>Arms a fault of the profile: it is committed after the given number of commands (or images).</summary>
    private void Schedule(SimulatedFault fault)
    {
        if (fault.Device == SimulatedFault.Detector)
        {
            if (fault.Kind == "http_500")
            {
                Detector.Faults.FailFrom(fault.After, 500);
            }
            else if (fault.Kind == "frame_loss")
            {
                Detector.Faults.DropImageAfter(fault.After);
            }
            else
            {
                Detector.Faults.StopStreamAfter(fault.After);
            }

            return;
        }

        if (fault.Kind is "beam_dump" or "interlock_trip" or "temperature_excursion")
        {
            _imageFaults.Add(fault);
            return;
        }

        LinkFaults faults = fault.Device switch
        {
            SimulatedFault.BeamMonitor => BeamMonitor!.Faults,
            SimulatedFault.Source => Tube!.Faults,
            SimulatedFault.Stage => Stage.Faults,
            SimulatedFault.Shutter => ShutterController.Faults,
            SimulatedFault.Monochromator => Bragg!.Faults,
            _ => Axes[fault.Device].Faults,
        };
        faults.After(fault.After, fault.Kind switch
        {
            "silent" => () => faults.Silent = true,
            "garble" => () => faults.GarbleNext(1),
            "truncate" => () => faults.TruncateNext(1),
            "latency" => () => faults.DelayNext(1, TimeSpan.FromSeconds(fault.DurationS)),
            "silent_for" => () => faults.SilentFor(TimeSpan.FromSeconds(fault.DurationS)),
            "stall" => () => Stage.InjectFault(Protocols.Ensemble.EnsembleAxisFault.PositionError),
            "limit" => () => Stage.InjectFault(Protocols.Ensemble.EnsembleAxisFault.CwEndOfTravel),
            _ => () => Stage.InjectFault(Protocols.Ensemble.EnsembleAxisFault.OverCurrent),
        });
    }

    private static DeviceLink Link(string driver, string port) => new(driver, port, DeviceConnections.DefaultBaudRate, HandshakeLines: false);

    /// <summary>A fresh pseudo-terminal served by the device; returns the path a driver opens.</summary>
    private string Serve(ILineProtocolFactory device, LinkFaults faults, string name)
    {
        PseudoTerminal pty = PseudoTerminal.Open();
        _links.Add(new LineServer(pty, device.CreateSession(), faults, name));
        return pty.SlavePath;
    }

    private void Send(byte[] message) => _pusher?.Enqueue(message);

    private DetectorSample Sample(long timestamp)
    {
        long image = Interlocked.Increment(ref _images);
        foreach (SimulatedFault fault in _imageFaults.Where(d => d.After + 1 == image))
        {
            Commit(fault);
        }

        double monochromatorEv = Profile.Monochromator is { } mono && Bragg is not null ? BraggMonochromator.EnergyEv(Bragg.Position, mono.DSpacingAngstrom) : double.NaN;
        BeamState beam = Scene.Beam(monochromatorEv, name => Axes.TryGetValue(name, out GcsAxisSimulator? axis) ? axis.Position : null);
        return new DetectorSample(
            Stage.PositionAt(timestamp),
            Shift(InstrumentProfile.SampleX) + beam.DriftXMm,
            Shift(InstrumentProfile.SampleZ) + beam.DriftZMm,
            BeamOpenAt(timestamp) && (Beam?.IsOnAt(timestamp) ?? true) && (Tube?.EmittingAt(timestamp) ?? true),
            MagnificationScale: MagnificationScale(),
            EnergyEv: beam.EnergyEv,
            FoilLineIntegral: beam.FoilLineIntegral,
            FocusToSampleMm: beam.FocusToSampleMm,
            DetectorShiftMm: Shift(InstrumentProfile.DetectorX),
            CentringXMm: Shift(InstrumentProfile.CentringX),
            CentringYMm: Shift(InstrumentProfile.CentringY));
    }

    /// <summary>
    /// With a zone plate, the image's magnification is q/p for where the zone plate stands (p from the sample, q = L − p
    /// to the detector), relative to its magnification in focus at the monochromator's initial energy.
    /// </summary>
    private double MagnificationScale()
    {
        if (Profile.Monochromator is not { ZonePlate: { } plate } mono || !Axes.TryGetValue(plate.Axis, out GcsAxisSimulator? axis))
        {
            return 1;
        }

        double p = axis.Position;
        return ((plate.SampleToDetectorMm - p) / p) / plate.Magnification(mono.InitialEv);
    }

    private double Shift(string axis) => Axes.TryGetValue(axis, out GcsAxisSimulator? sim) ? sim.Position - sim.Initial : 0;

    /// <summary>A fault counted in detector images: the beam dumps, or the hutch door opens (and closes again after its duration).</summary>
    private void Commit(SimulatedFault fault)
    {
        if (fault.Kind == "beam_dump")
        {
            Beam!.Dump(fault.DurationS);
            return;
        }

        if (fault.Kind == "temperature_excursion")
        {
            Air!.Excursion(fault.DurationS);
            return;
        }

        Gpio!.OpenDoor();
        _ = Task.Run(async () =>
        {
            await Time.DelayAsync(TimeSpan.FromSeconds(fault.DurationS), CancellationToken.None).ConfigureAwait(false);
            Gpio.CloseDoor();
        });
    }

    private static ShutterWiring Wiring(string name, ShutterPins pins) => new(name, pins.CommandPin, pins.OpenPin, pins.ClosedPin, pins.ActuationS);

    /// <summary>
    /// The beam passes once the shutter line has been high for the actuation time, and until it has been low for as long;
    /// with GPIO safety lines, while the main shutter (and the fast one, if any) is open.
    /// </summary>
    private bool BeamOpenAt(long timestamp)
    {
        if (Gpio is not null)
        {
            return Gpio.ShutterOpenAt(MainShutterName, timestamp) && (Profile.Safety!.FastShutter is null || Gpio.ShutterOpenAt(FastShutterName, timestamp));
        }

        (bool high, long since) = ShutterController.OutputLine(ShutterLineId);
        bool settled = Time.GetElapsedTime(since, timestamp).TotalSeconds >= Profile.ShutterActuationS;
        return high ? settled : !settled && since != 0;
    }
}
