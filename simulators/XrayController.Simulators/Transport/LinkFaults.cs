namespace XrayController.Simulators.Transport;

/// <summary>
/// Faults a simulated serial or TCP device can be told to commit, for tests and fault-injection runs: stop answering,
/// garble or truncate the next replies. Thread-safe; set them while the device runs.
/// </summary>
public sealed class LinkFaults
{
    private readonly List<(long After, Action Commit)> _scheduled = [];
    private volatile bool _silent;
    private int _garble;
    private int _truncate;
    private int _delayed;
    private long _delayTicks;
    private long _silentUntil;
    private long _commands;

    /// <summary>When true the device reads commands and answers none (a hung controller).</summary>
    public bool Silent
    {
        get => _silent;
        set => _silent = value;
    }

    /// <summary>Replaces the next <paramref name="count"/> replies with bytes that follow no protocol.</summary>
    public void GarbleNext(int count) => Interlocked.Add(ref _garble, count);

    /// <summary>Sends only the first half of the next <paramref name="count"/> replies, without their terminator.</summary>
    public void TruncateNext(int count) => Interlocked.Add(ref _truncate, count);

    /// <summary>Holds each of the next <paramref name="count"/> replies back for <paramref name="delay"/> of real time (a latency spike).</summary>
    public void DelayNext(int count, TimeSpan delay)
    {
        Interlocked.Exchange(ref _delayTicks, delay.Ticks);
        Interlocked.Add(ref _delayed, count);
    }

    /// <summary>Answers nothing for <paramref name="duration"/> of real time, then answers again (a controller that hangs and recovers).</summary>
    public void SilentFor(TimeSpan duration) =>
        Interlocked.Exchange(ref _silentUntil, System.Diagnostics.Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * System.Diagnostics.Stopwatch.Frequency));

    /// <summary>Commits a fault once the device has received <paramref name="commands"/> commands.</summary>
    public void After(long commands, Action commit)
    {
        lock (_scheduled)
        {
            _scheduled.Add((commands, commit));
        }
    }

    internal string? Apply(string? reply)
    {
        long count = Interlocked.Increment(ref _commands);
        lock (_scheduled)
        {
            foreach ((long after, Action commit) in _scheduled.Where(s => s.After == count - 1))
            {
                commit();
            }
        }

        if (reply is null || _silent || System.Diagnostics.Stopwatch.GetTimestamp() < Interlocked.Read(ref _silentUntil))
        {
            return null;
        }

        if (TakeOne(ref _delayed))
        {
            Thread.Sleep(TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks)));
        }

        if (TakeOne(ref _garble))
        {
            return "\u0001~?garbled\n";
        }

        return TakeOne(ref _truncate) ? reply[..(reply.Length / 2)] : reply;
    }

    private static bool TakeOne(ref int counter)
    {
        int current;
        do
        {
            current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref counter, current - 1, current) != current);

        return true;
    }
}
