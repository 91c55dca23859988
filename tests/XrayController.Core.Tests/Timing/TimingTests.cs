using XrayController.Core.Optics;
using XrayController.Core.Timing;

namespace XrayController.Core.Tests.Timing;

public class TimingTests
{
    [Theory]
    [InlineData(0, 10, 20, 0)]
    [InlineData(100, 10, 20, 10.5)]          // cruise: d/v + v/a
    [InlineData(5, 10, 20, 1.0)]             // exactly reaches v: v²/a = 5
    [InlineData(1.25, 10, 20, 0.5)]          // triangular: 2·√(d/a)
    [InlineData(-100, 10, 20, 10.5)]
    public void Trapezoidal_move_durations(double distance, double speed, double acceleration, double expectedS)
    {
        Assert.Equal(expectedS, TrapezoidalMove.DurationS(distance, speed, acceleration), 12);
    }

    [Fact]
    public void Position_follows_the_profile_and_ends_on_target()
    {
        Assert.Equal(2.5, TrapezoidalMove.PositionAt(0, 100, 10, 20, 0.5), 12);
        Assert.Equal(50.0, TrapezoidalMove.PositionAt(0, 100, 10, 20, 5.25), 12);
        Assert.Equal(97.5, TrapezoidalMove.PositionAt(0, 100, 10, 20, 10.0), 12);
        Assert.Equal(100.0, TrapezoidalMove.PositionAt(0, 100, 10, 20, 11), 12);
        Assert.Equal(-2.5, TrapezoidalMove.PositionAt(0, -100, 10, 20, 0.5), 12);
    }

    [Theory]
    [InlineData(8333, 13.7245)]
    [InlineData(8178, 13.9899)]
    [InlineData(8570, 13.3379)]
    [InlineData(33600, 3.3733)]
    public void Si111_Bragg_angles_match_the_tabulated_values(double energyEv, double expectedDeg)
    {
        Assert.Equal(expectedDeg, BraggMonochromator.BraggAngleDeg(energyEv, BraggMonochromator.DSpacingsAngstrom[BraggMonochromator.Si111]), 4);
    }

    [Fact]
    public void Virtual_clock_moves_only_when_advanced()
    {
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        long before = clock.GetTimestamp();

        clock.AdvanceSeconds(1.5);

        Assert.Equal(TimeSpan.FromSeconds(1.5), clock.GetElapsedTime(before));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1.5), clock.GetUtcNow());
    }
}
