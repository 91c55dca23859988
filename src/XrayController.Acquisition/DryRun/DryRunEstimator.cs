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

        return new DryRunEstimate(clock.Elapsed, total, scan.Frames, scan.EstimatedBytes) { SweepExposureFraction = SweepExposureFraction(scan) };
    }

    private static double? SweepExposureFraction(CompiledScan scan)
    {
        FlyScanStep[] sweeps = [.. scan.Steps.OfType<FlyScanStep>()];
        if (sweeps.Length == 0)
        {
            return null;
        }

        double exposureS = scan.Plan.Detector.ExposureS;
        double sweepS = sweeps.Sum(f => ((f.Sweep.Count - 1) * f.Sweep.FramePeriodS) + exposureS);
        return sweeps.Sum(f => f.Sweep.Count * exposureS) / sweepS;
    }

    /// <summary>
    /// When each frame is expected to be complete, in seconds from the start of the scan, indexed by sequence number:
    /// progress displays compare it with the frames actually done to give the remaining time.
    /// </summary>
    public static double[] FrameTimeline(CompiledScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var durations = new StepDurations(scan.Profile);
        var timeline = new double[scan.Frames.Total];
        double elapsedS = scan.Profile.Overhead.PerScanS;
        foreach (Step step in scan.Steps)
        {
            elapsedS += durations.Next(step).TotalS;
            switch (step)
            {
                case AcquireStep acquire:
                    timeline[acquire.Frame.Seq] = elapsedS;
                    break;
                case FlyScanStep fly:
                    double sweepStartS = elapsedS - durations.LastFlySweepS;
                    for (int i = 0; i < fly.Frames.Count; i++)
                    {
                        timeline[fly.Frames[i].Seq] = sweepStartS + ((i + 1) * fly.Sweep.FramePeriodS);
                    }

                    break;
                default:
                    break;
            }
        }

        return timeline;
    }
}
