using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Steps;

namespace XrayController.Core.Timing;

/// <summary>
/// How long each kind of step takes on an instrument, from its profile. The dry run and the simulated devices both use
/// these figures, which is what lets an estimate and a simulated run agree.
/// </summary>
public sealed class TimingModel(InstrumentProfile profile)
{
    public InstrumentProfile Profile { get; } = profile;

    public double RotateS(double fromDeg, double toDeg) =>
        TrapezoidalMove.DurationS(toDeg - fromDeg, Profile.Rotation.SpeedDegS, Profile.Rotation.AccelerationDegS2) + RotationCommandsS;

    /// <summary>The command round trips of a step move of the rotation stage.</summary>
    public double RotationCommandsS => CommandCounts.RotationMove * Profile.Rotation.CommandS;

    public double TranslateS(string axis, double fromMm, double toMm)
    {
        LinearAxisProfile linear = Profile.Axes[axis];
        return TrapezoidalMove.DurationS(toMm - fromMm, linear.SpeedMmS, linear.AccelerationMmS2) + (CommandCounts.LinearMove * linear.CommandS);
    }

    /// <summary>Time of the Bragg-axis move between two energies (the settle after it is a separate step).</summary>
    public double EnergyMoveS(double fromEv, double toEv)
    {
        MonochromatorProfile mono = Profile.Monochromator
            ?? throw new InvalidOperationException($"instrument '{Profile.Name}' has no monochromator");
        double fromDeg = BraggMonochromator.BraggAngleDeg(fromEv, mono.DSpacingAngstrom);
        double toDeg = BraggMonochromator.BraggAngleDeg(toEv, mono.DSpacingAngstrom);
        return TrapezoidalMove.DurationS(toDeg - fromDeg, mono.BraggSpeedDegS, mono.BraggAccelerationDegS2) + (CommandCounts.LinearMove * mono.CommandS);
    }

    public double ReadoutS => Profile.Detector.ReadoutS;

    public double ShutterS => Profile.ShutterActuationS + (CommandCounts.Shutter * Profile.ShutterCommandS);

    /// <summary>Setting the tube's operating point and switching it on from cold: its warm-up and the commands (SV, SC, HV, each with ER, and a TS).</summary>
    public double SourceOnS => Profile.Source is { } tube ? tube.WarmUpS + (7 * tube.CommandS) : 0;

    /// <summary>One movement of the fast (exposure) shutter; 0 without one.</summary>
    public double FastShutterS => Profile.Safety?.FastShutter?.ActuationS ?? 0;

    /// <summary>The software trigger's round trip.</summary>
    public double TriggerCommandS => CommandCounts.SoftwareTrigger * Profile.Detector.CommandS;

    /// <summary>Configuring and arming the detector for a series.</summary>
    public double DetectorSetupS => CommandCounts.DetectorSetup * Profile.Detector.CommandS;

    public double PerFrameOverheadS => Profile.Overhead.PerFrameS;

    /// <summary>Duration of a fly sweep from rest at the ramp start to rest at the ramp end.</summary>
    public double FlySweepS(FlySweep sweep) =>
        TrapezoidalMove.DurationS(sweep.RampEndDeg - sweep.RampStartDeg, sweep.SpeedDegS, Profile.Rotation.AccelerationDegS2);

    /// <summary>The commands around a fly sweep: PSO set-up, sweep, PSO off, and the detector set up for it and back.</summary>
    public double FlyCommandsS => (CommandCounts.FlySweep * Profile.Rotation.CommandS) + (2 * DetectorSetupS);
}
