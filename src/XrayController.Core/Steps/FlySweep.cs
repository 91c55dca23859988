using XrayController.Core.Instruments;

namespace XrayController.Core.Steps;

/// <summary>
/// The motion of a fly scan. The angular step is a whole number of encoder counts; the speed makes one step last one
/// frame period (exposure and readout, overlapped where the detector can, plus a margin); the stage starts a taxi distance before the first trigger (at least the
/// acceleration distance v²/2a, in whole steps) so that it rotates at constant speed when the first pulse fires, and
/// runs the same distance past the last frame to stop. It settles at the ramp start before the sweep.
/// (APS tomoscan <c>tomoscan_pso.py</c>; Aerotech Ensemble PSO.)
/// </summary>
public sealed record FlySweep(double StartDeg, double StepDeg, long StepCounts, int Count, double FramePeriodS, double SpeedDegS, double TaxiDeg, double SettleS)
{
    public double LastTriggerDeg => StartDeg + ((Count - 1) * StepDeg);

    public double RampStartDeg => StartDeg - TaxiDeg;

    public double RampEndDeg => StartDeg + (Count * StepDeg) + TaxiDeg;

    /// <summary>The angle at the middle of frame <paramref name="index"/>'s exposure, recorded as its angle.</summary>
    public double MidExposureDeg(int index, double exposureS) => StartDeg + (index * StepDeg) + (SpeedDegS * exposureS / 2);

    public static FlySweep Plan(double startDeg, double stepDeg, int count, double exposureS, RotationProfile rotation, DetectorProfile detector)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        ArgumentNullException.ThrowIfNull(detector);
        long counts = Math.Max(1, (long)Math.Round(stepDeg * rotation.EncoderCountsPerDeg));
        double step = counts / rotation.EncoderCountsPerDeg;
        double period = detector.TriggeredFramePeriodS(exposureS);
        double speed = step / period;
        double accelerationDeg = speed * speed / (2 * rotation.AccelerationDegS2);
        double taxi = Math.Max(1, Math.Ceiling(accelerationDeg / step)) * step;
        return new FlySweep(startDeg, step, counts, count, period, speed, taxi, rotation.SettleS);
    }
}
