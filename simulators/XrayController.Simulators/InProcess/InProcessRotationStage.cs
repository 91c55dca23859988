using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Steps;
using XrayController.Core.Timing;

namespace XrayController.Simulators.InProcess;

/// <summary>
/// The rotation stage: trapezoidal step moves, and fly sweeps whose position-synchronised output triggers the detector
/// at each step angle. Positions are whole encoder counts.
/// </summary>
internal sealed class InProcessRotationStage(RotationProfile profile, TimeProvider time, InProcessDetector detector) : IRotationStage
{
    /// <summary>The PSO set-up and the sweep's <c>MOVEABS</c> go before the sweep starts; the status poll and PSO off after.</summary>
    private const int PsoCommandsBeforeSweep = 10;

    private readonly InProcessMotion _motion = new(time, profile.SpeedDegS, profile.AccelerationDegS2, profile.InitialDeg, 1 / profile.EncoderCountsPerDeg);

    public double PositionDeg => _motion.Position;

    public async Task MoveToAsync(double angleDeg, CancellationToken cancellationToken)
    {
        await time.DelayAsync(TimeSpan.FromSeconds(CommandCounts.RotationMove * profile.CommandS), cancellationToken).ConfigureAwait(false);
        await _motion.MoveToAsync(angleDeg, cancellationToken).ConfigureAwait(false);
    }

    public Task<double> GetPositionAsync(CancellationToken cancellationToken) => Task.FromResult(_motion.Position);

    public Task HomeAsync(CancellationToken cancellationToken) => _motion.MoveToAsync(0, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _motion.Stop();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Approach, settle, then sweep at constant speed: trigger i fires when the stage passes StartDeg + i·StepDeg, which
    /// is t_i = v/a + (taxi − v²/2a + i·step)/v after the sweep starts (the run-up covers the acceleration); the sweep ends
    /// at rest at the ramp end after the trapezoid's full duration.
    /// </summary>
    public async Task FlyAsync(FlySweep sweep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        await MoveToAsync(sweep.RampStartDeg, cancellationToken).ConfigureAwait(false);
        await time.DelayAsync(TimeSpan.FromSeconds(sweep.SettleS + (PsoCommandsBeforeSweep * profile.CommandS)), cancellationToken).ConfigureAwait(false);
        double v = sweep.SpeedDegS;
        double a = profile.AccelerationDegS2;
        long sweepStart = time.GetTimestamp();
        for (int i = 0; i < sweep.Count; i++)
        {
            double triggerS = (v / a) + ((sweep.TaxiDeg - (v * v / (2 * a)) + (i * sweep.StepDeg)) / v);
            await time.DelayUntilAsync(sweepStart, TimeSpan.FromSeconds(triggerS), cancellationToken).ConfigureAwait(false);
            _motion.SetPosition(sweep.StartDeg + (i * sweep.StepDeg));
            detector.ExternalTrigger(sweep.MidExposureDeg(i, detector.ExposureS));
        }

        double totalS = TrapezoidalMove.DurationS(sweep.RampEndDeg - sweep.RampStartDeg, v, a);
        await time.DelayUntilAsync(sweepStart, TimeSpan.FromSeconds(totalS), cancellationToken).ConfigureAwait(false);
        _motion.SetPosition(sweep.RampEndDeg);
        await time.DelayAsync(TimeSpan.FromSeconds((CommandCounts.FlySweep - PsoCommandsBeforeSweep) * profile.CommandS), cancellationToken).ConfigureAwait(false);
    }
}
