namespace XrayController.Core.Plans;

/// <summary>
/// The counting rules shared by every stepped axis (angles, energies): a step range includes its stop when the span
/// is a whole number of steps (−90..90 by 1 gives 181 values; 0..360 by 0.075 gives 4801); otherwise it stops at
/// the last whole step below the stop. A count range gives exactly <c>count</c> values, the endpoint excluded by default
/// (0, 180°, 2000 gives 0, 0.09, …, 179.91).
/// </summary>
public static class AngleGrid
{
    /// <summary>How close to a whole number of steps a span must be to count as whole (relative, to absorb decimal rounding such as 360 / 0.075).</summary>
    private const double WholeStepTolerance = 1e-9;

    /// <summary>Number of values of <c>start, start + step, …</c> up to <paramref name="stop"/>; <paramref name="reachesStop"/> says whether the last one is the stop.</summary>
    public static int CountFromStep(double start, double stop, double step, out bool reachesStop)
    {
        double steps = (stop - start) / step;
        double nearest = Math.Round(steps);
        reachesStop = Math.Abs(steps - nearest) <= WholeStepTolerance * Math.Max(1.0, Math.Abs(steps));
        double whole = reachesStop ? nearest : Math.Floor(steps);
        return checked((int)whole + 1);
    }

    /// <summary>Step of a count range: the range divided into <c>count</c> parts, or <c>count − 1</c> when the endpoint is included.</summary>
    public static double StepFromCount(double range, int count, bool endpoint) => range / (endpoint ? count - 1 : count);
}
