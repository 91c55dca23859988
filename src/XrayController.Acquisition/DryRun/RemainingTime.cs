namespace XrayController.Acquisition.DryRun;

/// <summary>
/// The time a running scan has left: the dry run's time after the latest frame (<see cref="DryRunEstimator.FrameTimeline"/>,
/// divided by the simulation's speed), scaled by how long the scan has actually taken to get there against the dry run's
/// time for the same stretch. The shape of the plan (flats at the end, a slow first move) stays the dry run's; its pace
/// is the measured one. Until the scan has run <see cref="MeasuredAfterS"/> the dry run's figure stands alone.
/// </summary>
public sealed class RemainingTime(double[] timeline, double estimateS, double speed)
{
    /// <summary>Running time before the measured pace is trusted: a few frames' start-up (arming, the first move) would otherwise swing it.</summary>
    public const double MeasuredAfterS = 2;

    /// <summary>After frame <paramref name="seq"/>, with the scan running for <paramref name="runningS"/> (pauses left out): the seconds left, and whether they follow the measured pace.</summary>
    public (double Seconds, bool Measured) After(long seq, double runningS)
    {
        if (timeline.Length == 0)
        {
            return (0, false);
        }

        double plannedS = timeline[Math.Clamp(seq, 0, timeline.Length - 1)];
        double leftS = Math.Max(0, estimateS - plannedS) / speed;
        return runningS >= MeasuredAfterS && plannedS > 0
            ? (leftS * runningS / (plannedS / speed), true)
            : (leftS, false);
    }
}
