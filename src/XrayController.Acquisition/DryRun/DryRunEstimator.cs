using XrayController.Core.Steps;
using XrayController.Core.Timing;

namespace XrayController.Acquisition.DryRun;

/// <summary>
/// Runs a compiled scan on a virtual clock: each step advances the clock by its modelled duration. Nothing moves; the
/// clock's reading at the end is the estimate, made from the very steps the engine will execute.
/// </summary>
public static class DryRunEstimator
{
    public static DryRunEstimate Estimate(CompiledScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var durations = new StepDurations(scan.Profile);
        TimeBreakdown total = TimeBreakdown.Zero with { OverheadS = scan.Profile.Overhead.PerScanS };
        clock.AdvanceSeconds(total.OverheadS);
        foreach (Step step in scan.Steps)
        {
            TimeBreakdown spent = durations.Next(step);
            clock.AdvanceSeconds(spent.TotalS);
            total += spent;
        }

        return new DryRunEstimate(clock.Elapsed, total, scan.Frames, scan.EstimatedBytes);
    }
}
