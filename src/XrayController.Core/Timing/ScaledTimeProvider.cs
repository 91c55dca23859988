using System.Diagnostics;

namespace XrayController.Core.Timing;

/// <summary>
/// Real time run <see cref="Speed"/> times faster: timers fire after their due time divided by the speed, punctually
/// (see <see cref="PunctualTimerThread"/>), and clock readings advance that much faster. The simulated instrument runs
/// on it for <c>xrayctl scan --speed N</c>; speed 1 is real time.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider, IDisposable
{
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _startUtc = DateTimeOffset.UtcNow;
    private readonly PunctualTimerThread _timers = new();

    public ScaledTimeProvider(double speed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        Speed = speed;
    }

    public double Speed { get; }

    /// <summary>Stops the timer thread (a long-running service makes one clock per scan).</summary>
    public void Dispose() => _timers.Stop();

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => _startTimestamp + (long)((Stopwatch.GetTimestamp() - _startTimestamp) * Speed);

    public override DateTimeOffset GetUtcNow() => _startUtc + (Stopwatch.GetElapsedTime(_startTimestamp) * Speed);

    /// <summary>One-shot timers only (periodic ones are not needed by the simulation).</summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero)
        {
            throw new NotSupportedException("the scaled clock has one-shot timers only");
        }

        var timer = new OneShotTimer(this, () => callback(state));
        timer.Change(dueTime, period);
        return timer;
    }

    private long RealDueTimestamp(TimeSpan scaledDelay) =>
        Stopwatch.GetTimestamp() + (long)(scaledDelay.Ticks / Speed * Stopwatch.Frequency / TimeSpan.TicksPerSecond);

    private sealed class OneShotTimer(ScaledTimeProvider owner, Action fire) : ITimer
    {
        private PunctualTimerThread.Entry? _entry;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Exchange(ref _entry, null)?.Cancel();
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                _entry = owner._timers.Schedule(owner.RealDueTimestamp(dueTime), fire);
            }

            return true;
        }

        public void Dispose() => Interlocked.Exchange(ref _entry, null)?.Cancel();

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
