using XrayController.Core.Instruments;
using XrayController.Core.Steps;
using XrayController.Core.Timing;

namespace XrayController.Acquisition.DryRun;

/// <summary>
/// The modelled duration of each step, by category, given where the axes are. Axes start where the profile says the
/// instrument starts (<c>initial_*</c>). Moves are trapezoidal; a frame costs exposure + readout + the per-frame
/// overhead, its trigger's round trip and, with a fast shutter, its opening and closing; a fly sweep's frames overlap its motion, so only the sweep time beyond exposure
/// and readout counts as motion. Every command a driver sends costs its device's <c>command_s</c> (see <see cref="CommandCounts"/>).
/// </summary>
public sealed class StepDurations
{
    private readonly TimingModel _timing;
    private readonly Dictionary<string, double> _linearMm;
    private double _rotationDeg;
    private double _energyEv;
    private double _exposureS;
    private bool _shutterOpen;

    public StepDurations(InstrumentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _timing = new TimingModel(profile);
        _linearMm = profile.Axes.ToDictionary(a => a.Key, a => a.Value.InitialMm, StringComparer.Ordinal);
        _rotationDeg = profile.Rotation.InitialDeg;
        _energyEv = profile.Monochromator?.InitialEv ?? double.NaN;
    }

    /// <summary>The constant-speed sweep time of the last fly step timed (its run-up, triggers and run-out).</summary>
    public double LastFlySweepS { get; private set; }

    /// <summary>The time of <paramref name="step"/>, advancing the modelled axis positions past it.</summary>
    public TimeBreakdown Next(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        switch (step)
        {
            case ConfigureDetectorStep configure:
                _exposureS = configure.ExposureS;
                return TimeBreakdown.Zero with { OverheadS = _timing.DetectorSetupS };
            case RotateStep rotate:
                return Rotate(rotate.AngleDeg);
            case TranslateStep translate:
                return Translate(translate.Axis, translate.PositionMm);
            case OffsetStep offset:
                return Translate(offset.Axis, _linearMm[offset.Axis] + offset.DeltaMm);
            case SetEnergyStep energy:
                return SetEnergy(energy.EnergyEv);
            case SettleStep settle:
                return TimeBreakdown.Zero with { SettleS = settle.Seconds };
            case ShutterStep shutter:
                _shutterOpen = shutter.Open;
                return TimeBreakdown.Zero with { OverheadS = _timing.ShutterS };
            case AcquireStep or CalibrationExposureStep:
                return new TimeBreakdown(0, 0, _exposureS, _timing.ReadoutS, _timing.PerFrameOverheadS + _timing.TriggerCommandS + FastShutterCycleS);
            case FlyScanStep fly:
                return Fly(fly.Sweep) with { OverheadS = _timing.FlyCommandsS + FastShutterCycleS };
            case SetSourceStep:
                return TimeBreakdown.Zero with { OverheadS = _timing.SourceOnS };
            case CheckpointStep or ApplyEnergyCalibrationStep:
                return TimeBreakdown.Zero;
            default:
                throw new ArgumentException($"no timing model for step {step.GetType().Name}", nameof(step));
        }
    }

    /// <summary>The fast shutter opens before an exposure (or sweep) and closes after it, while the main shutter is open.</summary>
    private double FastShutterCycleS => _shutterOpen ? 2 * _timing.FastShutterS : 0;

    private TimeBreakdown Rotate(double targetDeg)
    {
        double seconds = _timing.RotateS(_rotationDeg, targetDeg);
        _rotationDeg = targetDeg;
        return Motion(seconds);
    }

    private TimeBreakdown SetEnergy(double targetEv)
    {
        double seconds = _timing.EnergyMoveS(_energyEv, targetEv);
        _energyEv = targetEv;
        return Motion(seconds);
    }

    private TimeBreakdown Translate(string axis, double targetMm)
    {
        double seconds = _timing.TranslateS(axis, _linearMm[axis], targetMm);
        _linearMm[axis] = targetMm;
        return Motion(seconds);
    }

    private TimeBreakdown Fly(FlySweep sweep)
    {
        double approachS = _timing.RotateS(_rotationDeg, sweep.RampStartDeg);
        double sweepS = _timing.FlySweepS(sweep);
        LastFlySweepS = sweepS;
        double exposureS = sweep.Count * _exposureS;
        double readoutS = sweep.Count * _timing.Profile.Detector.TriggeredReadoutS(_exposureS);
        _rotationDeg = sweep.RampEndDeg;
        return new TimeBreakdown(approachS + sweepS - exposureS - readoutS, sweep.SettleS, exposureS, readoutS, _timing.FlyCommandsS);
    }

    private static TimeBreakdown Motion(double seconds) => TimeBreakdown.Zero with { MotionS = seconds };
}
