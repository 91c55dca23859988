using XrayController.Core.Plans;

namespace XrayController.Core.Tests.Plans;

public class AngleGridTests
{
    [Theory]
    [InlineData(-90, 90, 1, 181)]
    [InlineData(0, 360, 0.075, 4801)]
    [InlineData(0, 180, 0.09, 2001)]
    [InlineData(8322, 8358, 1, 37)]
    [InlineData(8178, 8318, 10, 15)]
    [InlineData(0, 1, 0.1, 11)]
    public void Step_form_includes_the_stop_when_the_span_is_whole_steps(double start, double stop, double step, int expected)
    {
        int count = AngleGrid.CountFromStep(start, stop, step, out bool reachesStop);

        Assert.Equal(expected, count);
        Assert.True(reachesStop);
    }

    [Fact]
    public void Step_form_stops_below_a_stop_that_whole_steps_miss()
    {
        int count = AngleGrid.CountFromStep(0, 10, 3, out bool reachesStop);

        Assert.Equal(4, count);
        Assert.False(reachesStop);
    }

    [Fact]
    public void Count_form_without_endpoint_divides_the_range_by_the_count()
    {
        PlanDocument plan = TestPlans.Read(TestPlans.Minimal("{ start_deg: 0, range_deg: 180, count: 2000 }"));

        RotationAxis rotation = plan.Plan.Rotation;
        Assert.Equal(2000, rotation.Count);
        Assert.Equal(0.09, rotation.StepDeg, 12);
        Assert.Equal(179.91, rotation.LastDeg, 9);
    }

    [Fact]
    public void Count_form_with_endpoint_includes_both_ends()
    {
        PlanDocument plan = TestPlans.Read(TestPlans.Minimal("{ start_deg: 0, range_deg: 180, count: 5, endpoint: true }"));

        Assert.Equal([0.0, 45.0, 90.0, 135.0, 180.0], plan.Plan.Rotation.AnglesDeg());
    }

    [Fact]
    public void Angles_are_computed_from_the_start_without_accumulating_rounding()
    {
        PlanDocument plan = TestPlans.Read(TestPlans.Minimal("{ start_deg: 0, stop_deg: 360, step_deg: 0.075 }"));

        IReadOnlyList<double> angles = plan.Plan.Rotation.AnglesDeg();
        Assert.Equal(4801, angles.Count);
        Assert.Equal(360.0, angles[^1], 9);
        Assert.Equal(180.0, angles[2400], 9);
    }
}
