using XrayController.Acquisition.DryRun;

namespace XrayController.Acquisition.Tests.DryRun;

public sealed class RemainingTimeTests
{
    /// <summary>Ten frames a second apart, then a slow last stretch of 20 s (flats after a move away): 30 s in all.</summary>
    private static readonly double[] Timeline = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30];

    [Fact]
    public void A_scan_running_at_half_the_dry_runs_pace_has_twice_its_time_left_in_the_plans_shape()
    {
        var remaining = new RemainingTime(Timeline, 30, 1);

        Assert.Equal((50.0, true), remaining.After(4, 10));
        Assert.Equal((40.0, true), remaining.After(9, 20));
        Assert.Equal((0.0, true), remaining.After(10, 60));
    }

    [Fact]
    public void Before_the_pace_is_measured_the_dry_run_stands_divided_by_the_speed()
    {
        var remaining = new RemainingTime(Timeline, 30, 4);

        Assert.Equal((7.25, false), remaining.After(0, 1));
        Assert.Equal((5.0, true), remaining.After(9, 2.5));
        Assert.Equal((0.0, false), new RemainingTime([], 0, 1).After(0, 10));
    }
}
