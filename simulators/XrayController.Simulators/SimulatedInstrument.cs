using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Simulators.InProcess;
using XrayController.Simulators.Physics;
using XrayController.Simulators.Picoammeter;

namespace XrayController.Simulators;

/// <summary>
/// The in-process simulated instrument, for unit tests of the engine (the scan path uses <see cref="InstrumentSimulator"/>
/// and the real drivers): every device of a profile, moving on the profile's timing models in the given
/// time, and a detector that renders the profile's phantom as the stage, sample axes and shutter place it.
/// </summary>
public sealed class SimulatedInstrument
{
    private SimulatedInstrument(Instrument devices, SimulationScene scene)
    {
        Devices = devices;
        Scene = scene;
    }

    public Instrument Devices { get; }

    /// <summary>The phantom, its renderer and the true rotation axis.</summary>
    public SimulationScene Scene { get; }

    /// <summary>The beam, which a test can dump; null when the profile has no beam monitor.</summary>
    public SimulatedBeam? Beam { get; private init; }

    public static SimulatedInstrument Create(InstrumentProfile profile, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        SimulationScene scene = SimulationScene.Create(profile);
        SimulationProfile simulation = profile.Simulation!;
        IFrameRenderer renderer = scene.Renderer;
        var axes = profile.Axes.ToDictionary(a => a.Key, a => new SimulatedLinearAxis(a.Value, time), StringComparer.Ordinal);
        var shutter = new SimulatedShutter(new TimingModel(profile).ShutterS, time);
        SimulatedBeam? beam = profile.BeamMonitor is { } monitor ? new SimulatedBeam(monitor.NominalA, time) : null;
        SimulatedRotationStage? stage = null;
        SimulatedMonochromator? monochromator = profile.Monochromator is { } mono ? new SimulatedMonochromator(mono, time) : null;
        var detector = new SimulatedDetector(profile.Detector, profile.Overhead.PerFrameS, simulation.PhotonsPerPixelPerS, renderer, time, () =>
        {
            BeamState state = scene.Beam(monochromator?.EnergyEv ?? double.NaN, name => axes.TryGetValue(name, out SimulatedLinearAxis? axis) ? axis.PositionMm : null);
            return new SampleState(
                stage!.PositionDeg,
                Displacement(axes, InstrumentProfile.SampleX) + state.DriftXMm,
                Displacement(axes, InstrumentProfile.SampleZ) + state.DriftZMm,
                shutter.IsOpen && (beam?.IsOnAt(time.GetTimestamp()) ?? true),
                state.EnergyEv,
                state.FoilLineIntegral,
                state.FocusToSampleMm);
        });
        stage = new SimulatedRotationStage(profile.Rotation, time, detector);
        var devices = new Instrument(
            stage,
            axes.ToDictionary(a => a.Key, ILinearAxis (a) => a.Value, StringComparer.Ordinal),
            detector,
            shutter,
            monochromator,
            profile.Source is { } source ? new SimulatedXraySource(source) : null)
        {
            BeamMonitor = beam is null ? null : new SimulatedBeamMonitor(beam, time),
        };
        return new SimulatedInstrument(devices, scene) { Beam = beam };
    }

    private static double Displacement(Dictionary<string, SimulatedLinearAxis> axes, string name) =>
        axes.TryGetValue(name, out SimulatedLinearAxis? axis) ? axis.PositionMm - axis.InitialMm : 0;
}
