using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Simulators.InProcess;
using XrayController.Simulators.Physics;

namespace XrayController.Simulators;

/// <summary>
/// The in-process simulated instrument: every device of a profile, moving on the profile's timing models in the given
/// time, and a detector that renders the profile's phantom as the stage, sample axes and shutter place it.
/// </summary>
public sealed class SimulatedInstrument
{
    private SimulatedInstrument(Instrument devices, Phantom phantom, double axisColumnPx)
    {
        Devices = devices;
        Phantom = phantom;
        RotationAxisPx = axisColumnPx;
    }

    public Instrument Devices { get; }

    /// <summary>The phantom being imaged, in the sample frame (mm, 1/mm): the truth for reconstructions.</summary>
    public Phantom Phantom { get; }

    /// <summary>The true rotation-axis column in unbinned pixels.</summary>
    public double RotationAxisPx { get; }

    /// <summary>The true rotation-axis column in the stored pixels of a given binning.</summary>
    public double RotationAxisPxAt(int binning) => ParallelBeamRenderer.BinnedAxisColumn(RotationAxisPx, binning);

    /// <summary>Why a profile cannot be simulated, or null when it can.</summary>
    public static string? WhyNotSimulatable(InstrumentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Simulation is null)
        {
            return $"instrument '{profile.Name}' has no simulation section";
        }

        if (profile.Geometry.Beam != BeamKind.Parallel)
        {
            return $"instrument '{profile.Name}' has a cone beam; the simulator renders parallel-beam projections only so far (cone-beam and Fresnel rendering come with the lab-CT and holotomography work)";
        }

        return profile.Detector.BitDepth > 16
            ? $"instrument '{profile.Name}' has a {profile.Detector.BitDepth}-bit detector; the simulator renders 16-bit frames"
            : null;
    }

    public static SimulatedInstrument Create(InstrumentProfile profile, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (WhyNotSimulatable(profile) is { } reason)
        {
            throw new SimulationNotSupportedException(reason);
        }

        SimulationProfile simulation = profile.Simulation!;
        double pixelMm = ProfileGeometry.EffectivePixelUm(profile) / 1000;
        double halfWidthMm = profile.Detector.Columns * pixelMm / 2;
        Phantom phantom = simulation.Phantom == PhantomKind.Battery
            ? Phantoms.Battery(halfWidthMm, simulation.MaxLineIntegral, simulation.Seed)
            : Phantoms.SheppLogan(halfWidthMm, simulation.MaxLineIntegral);
        var noise = new DetectorNoise(simulation.DarkCounts, simulation.ReadNoiseCounts, simulation.FlatNonUniformity, (1 << profile.Detector.BitDepth) - 1);
        var renderer = new ParallelBeamRenderer(phantom, profile.Detector.Rows, profile.Detector.Columns, pixelMm, simulation.RotationAxisPx, noise, simulation.Seed);

        var axes = profile.Axes.ToDictionary(a => a.Key, a => new SimulatedLinearAxis(a.Value, time), StringComparer.Ordinal);
        var shutter = new SimulatedShutter(profile.ShutterActuationS, time);
        SimulatedRotationStage? stage = null;
        var detector = new SimulatedDetector(profile.Detector, profile.Overhead.PerFrameS, simulation.PhotonsPerPixelPerS, renderer, time, () => new SampleState(
            stage!.PositionDeg,
            Displacement(axes, InstrumentProfile.SampleX),
            Displacement(axes, InstrumentProfile.SampleZ),
            shutter.IsOpen));
        stage = new SimulatedRotationStage(profile.Rotation, time, detector);
        var devices = new Instrument(
            stage,
            axes.ToDictionary(a => a.Key, ILinearAxis (a) => a.Value, StringComparer.Ordinal),
            detector,
            shutter,
            profile.Monochromator is { } mono ? new SimulatedMonochromator(mono, time) : null,
            profile.Source is { } source ? new SimulatedXraySource(source) : null);
        return new SimulatedInstrument(devices, phantom, simulation.RotationAxisPx);
    }

    private static double Displacement(Dictionary<string, SimulatedLinearAxis> axes, string name) =>
        axes.TryGetValue(name, out SimulatedLinearAxis? axis) ? axis.PositionMm - axis.InitialMm : 0;
}
