using System.Diagnostics;

namespace XrayController.Core.Timing;

/// <summary>
/// Real time run <see cref="Speed"/> times faster: timers fire after their due time divided by the speed, and clock
/// readings advance that much faster. The simulated instrument runs on it for <c>xrayctl scan --speed N</c>.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _startUtc = DateTimeOffset.UtcNow;

    public ScaledTimeProvider(double speed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        Speed = speed;
    }

    public double Speed { get; }

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => _startTimestamp + (long)((Stopwatch.GetTimestamp() - _startTimestamp) * Speed);

    public override DateTimeOffset GetUtcNow() => _startUtc + (Stopwatch.GetElapsedTime(_startTimestamp) * Speed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan interval) =>
        interval == Timeout.InfiniteTimeSpan ? interval : TimeSpan.FromTicks((long)(interval.Ticks / Speed));
}
