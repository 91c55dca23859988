namespace XrayController.Acquisition.Engine;

/// <summary>Where a scan stands, as the engine reports it.</summary>
public enum ScanState
{
    /// <summary>Not started yet, or held before its first step by a suspender.</summary>
    Waiting,
    Running,

    /// <summary>A pause is requested and takes effect at the next checkpoint.</summary>
    Pausing,
    Paused,
    Resuming,
    Ended,
}

/// <summary>
/// Pause, resume and suspension requests for one running scan, from any thread (the terminal, the service API, the
/// suspenders). A user's first <see cref="Pause"/> takes effect at the next checkpoint; a second one before that
/// interrupts the step under way, which is then taken again from its checkpoint on resume. A suspension interrupts at
/// once and holds the scan until every suspender has released it; a user's pause also needs <see cref="Resume"/>.
/// Aborting is cancelling the token the scan was started with.
/// </summary>
public sealed class ScanControl
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _suspensions = new(StringComparer.Ordinal);
    private CancellationTokenSource _interrupt = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _userPause;
    private ScanState _state = ScanState.Waiting;

    /// <summary>Raised (on the engine's thread) whenever <see cref="State"/> changes.</summary>
    public event Action<ScanState>? StateChanged;

    public ScanState State
    {
        get
        {
            lock (_lock)
            {
                return _state == ScanState.Running && _userPause ? ScanState.Pausing : _state;
            }
        }
    }

    /// <summary>Whether anything holds the scan: a user's pause or an active suspension.</summary>
    public bool HoldRequested
    {
        get
        {
            lock (_lock)
            {
                return _userPause || _suspensions.Count > 0;
            }
        }
    }

    /// <summary>What holds the scan now (the first suspension, else the user's pause), or null.</summary>
    public (string RequestedBy, string Reason)? Hold
    {
        get
        {
            lock (_lock)
            {
                if (_suspensions.Count > 0)
                {
                    KeyValuePair<string, string> first = _suspensions.First();
                    return (first.Key, first.Value);
                }

                return _userPause ? ("user", "paused by the user") : null;
            }
        }
    }

    /// <summary>Asks for a pause; false when the scan has ended. A second request while pausing interrupts the current step.</summary>
    public bool Pause()
    {
        lock (_lock)
        {
            if (_state == ScanState.Ended)
            {
                return false;
            }

            if (_userPause)
            {
                _interrupt.Cancel();
            }

            _userPause = true;
            SignalLocked();
            return true;
        }
    }

    /// <summary>Withdraws the user's pause; false when there was none. Active suspensions still hold the scan.</summary>
    public bool Resume()
    {
        lock (_lock)
        {
            if (!_userPause)
            {
                return false;
            }

            _userPause = false;
            SignalLocked();
            return true;
        }
    }

    /// <summary>A suspender's condition went bad: the step under way is interrupted and the scan held until <see cref="Release"/>.</summary>
    public void Suspend(string suspender, string reason)
    {
        lock (_lock)
        {
            if (_suspensions.TryAdd(suspender, reason))
            {
                _interrupt.Cancel();
                SignalLocked();
            }
        }
    }

    /// <summary>Whether this suspender holds the scan now.</summary>
    public bool IsSuspendedBy(string suspender)
    {
        lock (_lock)
        {
            return _suspensions.ContainsKey(suspender);
        }
    }

    /// <summary>A suspender's condition has held good for its hold time.</summary>
    public void Release(string suspender)
    {
        lock (_lock)
        {
            if (_suspensions.Remove(suspender))
            {
                SignalLocked();
            }
        }
    }

    /// <summary>A token cancelled by an abort or by an interruption (second pause, suspension), for the next stretch of steps.</summary>
    internal CancellationTokenSource StretchToken(CancellationToken abort)
    {
        lock (_lock)
        {
            return CancellationTokenSource.CreateLinkedTokenSource(abort, _interrupt.Token);
        }
    }

    /// <summary>Forgets an interruption that a pause has dealt with; kept while something still holds the scan, so that the next stretch stops at once.</summary>
    internal void ResetInterrupt()
    {
        lock (_lock)
        {
            if (_interrupt.IsCancellationRequested && !_userPause && _suspensions.Count == 0)
            {
                _interrupt.Dispose();
                _interrupt = new CancellationTokenSource();
            }
        }
    }

    /// <summary>Whether the current stretch was interrupted by a pause or a suspension (not an abort).</summary>
    internal bool Interrupted
    {
        get
        {
            lock (_lock)
            {
                return _interrupt.IsCancellationRequested;
            }
        }
    }

    internal void SetState(ScanState state)
    {
        lock (_lock)
        {
            if (_state == state)
            {
                return;
            }

            _state = state;
        }

        StateChanged?.Invoke(State);
    }

    /// <summary>Waits until nothing holds the scan; an abort ends the wait with <see cref="OperationCanceledException"/>.</summary>
    internal async Task WaitUntilClearAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (!_userPause && _suspensions.Count == 0)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void SignalLocked()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
