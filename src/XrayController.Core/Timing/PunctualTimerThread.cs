using System.Diagnostics;

namespace XrayController.Core.Timing;

/// <summary>
/// Fires timers on time to within microseconds: one thread sleeps until shortly before the earliest due time, then spins
/// the last stretch, then hands the callback to the thread pool. Ordinary timers fire a millisecond or more late, which
/// over the three waits of each step-scan projection would make a simulated real-time run several percent slower than
/// its estimate. It costs at most <see cref="SpinWindow"/> of spinning per timer.
/// </summary>
internal sealed class PunctualTimerThread
{
    private static readonly TimeSpan SpinWindow = TimeSpan.FromMilliseconds(2);

    private readonly PriorityQueue<Entry, long> _queue = new();
    private readonly Lock _gate = new();
    private readonly AutoResetEvent _changed = new(false);
    private volatile bool _stopped;

    public PunctualTimerThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "punctual timers" };
        thread.Start();
    }

    /// <summary>Schedules <paramref name="callback"/> at a <see cref="Stopwatch"/> timestamp; the returned entry can be cancelled.</summary>
    public Entry Schedule(long dueTimestamp, Action callback)
    {
        var entry = new Entry(callback);
        lock (_gate)
        {
            _queue.Enqueue(entry, dueTimestamp);
        }

        _changed.Set();
        return entry;
    }

    /// <summary>Ends the thread; timers not yet fired never fire.</summary>
    public void Stop()
    {
        _stopped = true;
        _changed.Set();
    }

    private void Run()
    {
        while (!_stopped)
        {
            Entry? due = null;
            TimeSpan wait = Timeout.InfiniteTimeSpan;
            lock (_gate)
            {
                if (_queue.TryPeek(out Entry? next, out long dueTimestamp))
                {
                    TimeSpan remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), dueTimestamp);
                    if (remaining <= TimeSpan.Zero)
                    {
                        due = _queue.Dequeue();
                    }
                    else if (remaining > SpinWindow)
                    {
                        wait = remaining - SpinWindow;
                    }
                    else
                    {
                        wait = TimeSpan.Zero;
                    }
                }
            }

            if (due is not null)
            {
                due.Fire();
            }
            else if (wait == TimeSpan.Zero)
            {
                Thread.SpinWait(20);
            }
            else
            {
                _changed.WaitOne(wait);
            }
        }
    }

    /// <summary>One scheduled callback; cancelling it makes its firing a no-op.</summary>
    internal sealed class Entry(Action callback)
    {
        private int _state;

        public void Cancel() => Interlocked.Exchange(ref _state, 1);

        public void Fire()
        {
            if (Interlocked.Exchange(ref _state, 1) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => callback(), null);
            }
        }
    }
}
