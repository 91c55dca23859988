namespace XrayController.Core.Timing;

/// <summary>
/// A clock that moves only when told to, or when a timer is started on it: a timer fires at once, after advancing the
/// clock by its due time. That makes it exact for a sequential simulation — one delay at a time, as the dry run and the
/// in-process simulated instrument do — and wrong for code that races timers against each other (timeouts).
/// </summary>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private long _elapsedTicks;
    private readonly List<(TimeSpan At, Action Run)> _scheduled = [];

    public DateTimeOffset Start { get; } = start;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public override DateTimeOffset GetUtcNow() => Start + Elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        var now = TimeSpan.FromTicks(Interlocked.Add(ref _elapsedTicks, delta.Ticks));
        (TimeSpan At, Action Run)[] due;
        lock (_scheduled)
        {
            due = [.. _scheduled.Where(s => s.At <= now).OrderBy(s => s.At)];
            _scheduled.RemoveAll(s => s.At <= now);
        }

        foreach ((TimeSpan _, Action run) in due)
        {
            run();
        }
    }

    /// <summary>Runs <paramref name="action"/> once the clock has moved <paramref name="after"/> on (on the thread that moves it): an event during a simulation.</summary>
    public void Schedule(TimeSpan after, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_scheduled)
        {
            _scheduled.Add((Elapsed + after, action));
        }
    }

    public void AdvanceSeconds(double seconds) => Advance(TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ImmediateTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Fires once per <see cref="Change"/> with a finite due time, on the thread pool, after advancing the clock.</summary>
    private sealed class ImmediateTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            if (period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero)
            {
                throw new NotSupportedException("the virtual clock runs sequential simulations and has no periodic timers");
            }

            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Advance(dueTime);
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }

            return true;
        }

        public void Dispose() => _disposed = true;

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
