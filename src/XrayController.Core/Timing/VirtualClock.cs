namespace XrayController.Core.Timing;

/// <summary>
/// A clock that moves only when told to. The dry run advances it by each step's modelled duration; what it reads at
/// the end is the estimated duration of the scan.
/// </summary>
public sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private long _elapsedTicks;

    public DateTimeOffset Start { get; } = start;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public override DateTimeOffset GetUtcNow() => Start + Elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _elapsedTicks);

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        Interlocked.Add(ref _elapsedTicks, delta.Ticks);
    }

    public void AdvanceSeconds(double seconds) => Advance(TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)));
}
