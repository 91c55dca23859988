using XrayController.Core.Plans;

namespace XrayController.Core.Instruments;

/// <summary>
/// What an instrument can do: its axes with limits and dynamics, energy range, detector, geometry, and the overheads
/// the dry run charges. Read from <c>instruments/*.json</c>; numbers carry their units in their names.
/// </summary>
public sealed record InstrumentProfile(
    string Name,
    string? Description,
    bool Simulated,
    IReadOnlySet<Technique> Techniques,
    BeamGeometryProfile Geometry,
    RotationProfile Rotation,
    IReadOnlyDictionary<string, LinearAxisProfile> Axes,
    MonochromatorProfile? Monochromator,
    SourceProfile? Source,
    DetectorProfile Detector,
    double ShutterActuationS,
    OverheadProfile Overhead,
    StorageProfile Storage,
    SimulationProfile? Simulation)
{
    /// <summary>Axis combinations where parts of the instrument collide; no move may enter one (machine protection).</summary>
    public IReadOnlyList<Protection.ForbiddenZone> ForbiddenZones { get; init; } = [];

    /// <summary>Round trip of one command to the shutter's controller.</summary>
    public double ShutterCommandS { get; init; }

    /// <summary>
    /// Other detector configurations a plan may choose (<c>detector.configuration</c>): an optical objective behind a
    /// scintillator for a zoom, say, each with its own detector and geometry; empty when the instrument has one.
    /// </summary>
    public IReadOnlyDictionary<string, DetectorConfigurationProfile> Configurations { get; init; } = new Dictionary<string, DetectorConfigurationProfile>();

    /// <summary>The configuration this profile stands for (<see cref="WithConfiguration"/>), or null for the main detector.</summary>
    public string? Configuration { get; init; }

    /// <summary>The profile with its main detector, when this one stands for another configuration (a simulated sample is sized by it); null otherwise.</summary>
    public InstrumentProfile? Main { get; init; }

    /// <summary>
    /// The instrument with a plan's detector configuration in place of the main detector: its detector and geometry,
    /// and for a simulated instrument its true axis column; this profile when <paramref name="name"/> is null.
    /// </summary>
    public InstrumentProfile WithConfiguration(string? name)
    {
        if (name is null)
        {
            return this;
        }

        DetectorConfigurationProfile chosen = Configurations.TryGetValue(name, out DetectorConfigurationProfile? found) ? found
            : throw new ArgumentException($"instrument '{Name}' has no detector configuration '{name}'", nameof(name));
        return this with
        {
            Geometry = chosen.Geometry,
            Detector = chosen.Detector,
            Simulation = Simulation is { } simulation && chosen.RotationAxisPx is { } axis ? simulation with { RotationAxisPx = axis } : Simulation,
            Configuration = name,
            Main = this,
        };
    }

    /// <summary>The drivers and ports of the devices; null for a simulated profile served by the built-in simulated instrument.</summary>
    public DeviceConnections? Devices { get; init; }

    /// <summary>The personnel-safety lines on GPIO (main and fast shutter, door interlock, X-ray lamp), or null (the shutter is a GCS output line).</summary>
    public SafetyProfile? Safety { get; init; }

    /// <summary>The beam monitor (a picoammeter on an ion chamber or the ring current), or null.</summary>
    public BeamMonitorProfile? BeamMonitor { get; init; }

    /// <summary>The environment sensor (a BME280 on I2C) near the sample, or null.</summary>
    public EnvironmentSensorProfile? EnvironmentSensor { get; init; }

    /// <summary>Conditions that suspend a scan (and hold new ones) while they are bad; empty when none are watched.</summary>
    public SuspenderProfile Suspenders { get; init; } = SuspenderProfile.None;

    public const string SampleX = "sample_x";
    public const string SampleY = "sample_y";
    public const string SampleZ = "sample_z";
    public const string FocusToSample = "focus_to_sample";

    /// <summary>
    /// The centring stages on the rotation stage: they move the sample in its own frame (x, y at angle 0), so the point
    /// of the sample they name lies on the rotation axis (a local tomography's region of interest).
    /// </summary>
    public const string CentringX = "centring_x";

    public const string CentringY = "centring_y";

    /// <summary>The flat panel's lateral translation, along its columns; positive moves the panel towards its last column.</summary>
    public const string DetectorX = "detector_x";

    /// <summary>The linear axis that moves the sample along a plan's sample coordinate (x, y or z).</summary>
    public static string SampleAxisName(char axis) => $"sample_{axis}";
}

/// <summary>A detector configuration beside the main one: what it is, its beam geometry and detector, and (simulated) where the rotation axis images on it.</summary>
public sealed record DetectorConfigurationProfile(string? Description, BeamGeometryProfile Geometry, DetectorProfile Detector, double? RotationAxisPx);

public enum BeamKind
{
    Parallel,
    Cone,
}

/// <summary>
/// Beam geometry. Parallel: the detector pixel is divided by an optical magnification. Cone: the geometric magnification
/// is source-to-detector over source-to-object; for holotomography the source-to-object distance is the plan's
/// focus-to-sample distance and only <c>SourceToDetectorMm</c> is fixed.
/// </summary>
public sealed record BeamGeometryProfile(BeamKind Beam, double OpticalMagnification, double? SourceToObjectMm, double? SourceToDetectorMm)
{
    public double Magnification(double? sourceToObjectMm = null) => Beam switch
    {
        BeamKind.Parallel => OpticalMagnification,
        _ => OpticalMagnification * (SourceToDetectorMm!.Value / (sourceToObjectMm ?? SourceToObjectMm!.Value)),
    };
}

/// <param name="CommandS">Round trip of one command to the controller over its link (<c>xrayctl bench devices</c> measures it); the dry run charges it per command the driver sends.</param>
public sealed record RotationProfile(double MinDeg, double MaxDeg, double SpeedDegS, double AccelerationDegS2, double SettleS, double EncoderCountsPerDeg, double InitialDeg, double CommandS = 0);

public sealed record LinearAxisProfile(string Name, double MinMm, double MaxMm, double SpeedMmS, double AccelerationMmS2, double SettleS, double InitialMm, double CommandS = 0);

/// <summary>A double-crystal monochromator: the Bragg axis's dynamics and the settle time after each energy change (crystal gap, backlash).</summary>
public sealed record MonochromatorProfile(double DSpacingAngstrom, double MinEv, double MaxEv, double BraggSpeedDegS, double BraggAccelerationDegS2, double SettleS, double InitialEv, double CommandS = 0)
{
    /// <summary>A zone-plate objective that refocuses with energy (TXM), or null.</summary>
    public Optics.ZonePlate? ZonePlate { get; init; }

    /// <summary>A reference foil that an energy calibration scans, or null.</summary>
    public Optics.ReferenceFoil? ReferenceFoil { get; init; }
}

/// <summary>A beam monitor: the current it reads with the full beam (A), and one reading's round trip over its link.</summary>
public sealed record BeamMonitorProfile(double NominalA, double CommandS);

/// <summary>
/// What suspends a scan: the beam monitor's current below <see cref="BeamBelowA"/> (null: not watched). A suspended scan
/// is paused (shutter closed, frames of the interrupted stretch taken again) and resumes by itself once every condition
/// has held good for <see cref="HoldS"/>; conditions are polled every <see cref="PollS"/> (seconds of scan time).
/// </summary>
public sealed record SuspenderProfile(double? BeamBelowA, double HoldS, double PollS)
{
    public static SuspenderProfile None { get; } = new(null, 0, 1);

    /// <summary>The temperature range (°C) outside which the environment sensor suspends the scan, or null.</summary>
    public (double MinC, double MaxC)? TemperatureRangeC { get; init; }
}

/// <summary>A BME280 on an I2C bus: bus number, 7-bit address, and the drift from the scan's first reading that is warned about (°C).</summary>
public sealed record EnvironmentSensorProfile(int I2cBus, int Address, double DriftWarningC);

public sealed record SourceProfile(double MinKv, double MaxKv, double MaxUa, double MaxPowerW)
{
    /// <summary>How long a cold tube takes to warm up when switched on (seconds).</summary>
    public double WarmUpS { get; init; }

    /// <summary>One command's round trip to the tube controller.</summary>
    public double CommandS { get; init; }

    /// <summary>The operating point a plan without a <c>source</c> section runs at (kV, µA), or null: such plans must set one.</summary>
    public (double VoltageKv, double CurrentUa)? DefaultOperatingPoint { get; init; }
}

public enum DetectorKind
{
    FlatPanel,
    Ccd,
}

public sealed record DetectorProfile(
    DetectorKind Kind,
    int Columns,
    int Rows,
    double PixelSizeUm,
    int BitDepth,
    double MinExposureS,
    double MaxExposureS,
    double ReadoutS,
    IReadOnlyList<int> Binnings,
    double FrameMarginS,
    double CommandS = 0,
    bool OverlappedReadout = false)
{
    /// <summary>
    /// Shortest interval between externally triggered frames: exposure and readout back to back, or, for a detector that
    /// reads one frame out while exposing the next (frame-transfer CCD, CMOS or flat panel in continuous mode), the longer
    /// of the two; plus the margin a trigger needs to be accepted.
    /// </summary>
    public double TriggeredFramePeriodS(double exposureS) =>
        (OverlappedReadout ? Math.Max(exposureS, ReadoutS) : exposureS + ReadoutS) + FrameMarginS;

    /// <summary>The readout time a triggered frame adds beyond its exposure (none when the readout hides under the next exposure).</summary>
    public double TriggeredReadoutS(double exposureS) => OverlappedReadout ? Math.Max(0, ReadoutS - exposureS) : ReadoutS;

    public int BytesPerPixel => (BitDepth + 7) / 8;
}

public enum FrameCompression
{
    None,
    Deflate,
}

/// <summary>How scan files are stored: space kept free beyond a scan's estimate, and the compression of frames (shuffle + deflate costs about 0.2 s per noisy 2048² frame on one core).</summary>
public sealed record StorageProfile(double ReserveGb, FrameCompression Compression);

public enum PhantomKind
{
    /// <summary>A modified 3D Shepp–Logan head phantom.</summary>
    SheppLogan,

    /// <summary>Cathode-like particles, some cracked, in a light binder.</summary>
    Battery,

    /// <summary>NMC532 secondary particles of primary grains with a Ni K edge each, for XANES (needs a monochromator).</summary>
    NmcParticles,

    /// <summary>A delaminated cathode piece seen through its refractive index, for holotomography (cone beam, focus_to_sample axis, monochromator).</summary>
    CathodePiece,

    /// <summary>A wound cylindrical cell (steel can, spiral of cathode, foils, anode and separator) with a deflected copper foil and a delamination void, for lab cone-beam CT (fixed source).</summary>
    JellyRoll,
}

/// <summary>
/// How the simulated instrument renders frames: the phantom, the photon count of the open beam, detector dark counts and
/// read noise, the flat-field non-uniformity, and the true rotation-axis position (0-based column of unbinned pixels,
/// pixel j's centre at j), which is recorded in every file so that centre finding can be checked against it; the dark
/// current (counts per second of exposure), the gain (electrons per count) and, for flat panels, the lag (the share of
/// a frame's signal that still shows in the next).
/// </summary>
public sealed record SimulationProfile(
    PhantomKind Phantom,
    double MaxLineIntegral,
    double PhotonsPerPixelPerS,
    double DarkCounts,
    double ReadNoiseCounts,
    double FlatNonUniformity,
    double RotationAxisPx,
    int Seed,
    double DarkCurrentPerS = 0,
    double ElectronsPerCount = 1,
    double LagFraction = 0,
    int ParticleCount = 4)
{
    /// <summary>
    /// How far the image wanders when the energy changes (a zone plate or condenser not quite on the axis), in unbinned
    /// pixels: each energy's image is displaced by up to this much across and along the detector (0: not at all).
    /// </summary>
    public double ImageDriftPx { get; init; }

    /// <summary>How far the simulated monochromator's energy scale is off: the beam carries the commanded energy plus this (eV).</summary>
    public double EnergyOffsetEv { get; init; }

    /// <summary>
    /// Holotomography: the angle (mrad) between the focus_to_sample axis's travel and the beam, across it and upwards:
    /// moving the sample along the beam by Δz1 from the axis's initial position also moves it by that angle × Δz1
    /// across and up, which registration between distances must find ((0, 0): a perfectly aligned travel).
    /// </summary>
    public (double AcrossMrad, double UpMrad) TravelMisalignmentMrad { get; init; }

    /// <summary>Holotomography: the focus's size (FWHM, µm), whose partial coherence blurs the holograms (0: a point).</summary>
    public double SourceSizeUm { get; init; }

    /// <summary>Holotomography: the detector's point-spread function, a Gaussian σ in unbinned pixels (0: none).</summary>
    public double DetectorBlurPx { get; init; }

    /// <summary>The hutch's temperature when the simulation starts (°C) and how fast it drifts (°C per hour).</summary>
    public double TemperatureC { get; init; } = 22;

    public double TemperatureDriftCPerHour { get; init; }

    /// <summary>Faults the simulated devices commit by themselves during a run (none by default).</summary>
    public IReadOnlyList<SimulatedFault> Faults { get; init; } = [];
}

/// <summary>Fixed costs the dry run charges: per frame (software, transfer) and per scan (start-up, file creation, shut-down).</summary>
public sealed record OverheadProfile(double PerFrameS, double PerScanS);
