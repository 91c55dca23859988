using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Simulators.BeamMonitor;
using XrayController.Simulators.Physics;

namespace XrayController.Simulators.InProcess;

/// <summary>
/// The in-process capability fakes of a simulated profile: each device implemented directly on its capability interface,
/// with no driver and no wire protocol between it and the engine (the scan path uses the protocol servers of
/// <see cref="InstrumentSimulator"/> and the real drivers). They serve the engine's unit tests and the soak bench:
/// every device moves on the profile's timing models in the given time, and the detector renders the profile's phantom
/// as the stage, sample axes and shutter place it.
/// </summary>
public sealed class InProcessInstrument
{
    private InProcessInstrument(Instrument devices, SimulationScene scene)
    {
        Devices = devices;
        Scene = scene;
    }

    public Instrument Devices { get; }

    /// <summary>The phantom, its renderer and the true rotation axis.</summary>
    public SimulationScene Scene { get; }

    /// <summary>The beam, which a test can dump; null when the profile has no beam monitor.</summary>
    public SimulatedBeam? Beam { get; private init; }

    public static InProcessInstrument Create(InstrumentProfile profile, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        SimulationScene scene = SimulationScene.Create(profile);
        SimulationProfile simulation = profile.Simulation!;
        IFrameRenderer renderer = scene.Renderer;
        var axes = profile.Axes.ToDictionary(a => a.Key, a => new InProcessLinearAxis(a.Value, time), StringComparer.Ordinal);
        var shutter = new InProcessShutter(new TimingModel(profile).ShutterS, time);
        SimulatedBeam? beam = profile.BeamMonitor is { } monitor ? new SimulatedBeam(monitor.NominalA, time) : null;
        InProcessRotationStage? stage = null;
        InProcessMonochromator? monochromator = profile.Monochromator is { } mono ? new InProcessMonochromator(mono, time) : null;
        var detector = new InProcessDetector(profile.Detector, profile.Overhead.PerFrameS, simulation.PhotonsPerPixelPerS, renderer, time, () =>
        {
            BeamState state = scene.Beam(monochromator?.EnergyEv ?? double.NaN, name => axes.TryGetValue(name, out InProcessLinearAxis? axis) ? axis.PositionMm : null);
            return new SampleState(
                stage!.PositionDeg,
                Displacement(axes, InstrumentProfile.SampleX) + state.DriftXMm,
                Displacement(axes, InstrumentProfile.SampleZ) + state.DriftZMm,
                shutter.IsOpen && (beam?.IsOnAt(time.GetTimestamp()) ?? true),
                state.EnergyEv,
                state.FoilLineIntegral,
                state.FocusToSampleMm,
                Displacement(axes, InstrumentProfile.DetectorX),
                Displacement(axes, InstrumentProfile.CentringX),
                Displacement(axes, InstrumentProfile.CentringY));
        });
        stage = new InProcessRotationStage(profile.Rotation, time, detector);
        var devices = new Instrument(
            stage,
            axes.ToDictionary(a => a.Key, ILinearAxis (a) => a.Value, StringComparer.Ordinal),
            detector,
            shutter,
            monochromator,
            profile.Source is { } source ? new InProcessXraySource(source) : null)
        {
            BeamMonitor = beam is null ? null : new InProcessBeamMonitor(beam, time),
        };
        return new InProcessInstrument(devices, scene) { Beam = beam };
    }

    private static double Displacement(Dictionary<string, InProcessLinearAxis> axes, string name) =>
        axes.TryGetValue(name, out InProcessLinearAxis? axis) ? axis.PositionMm - axis.InitialMm : 0;
}
