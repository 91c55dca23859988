using Microsoft.Extensions.Logging;
using XrayController.Core.Devices;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// The step loop of one scan under a <see cref="ScanControl"/>. At each checkpoint it remembers the instrument's state
/// and pauses there if asked. An interruption (a second pause, a suspension) stops the step under way; the pause then
/// brings the instrument to a safe state, waits until nothing holds the scan, restores the last checkpoint's state and
/// runs again from it, so the frames of the interrupted stretch are taken again (and replace the first ones in the
/// file). A scan held before its first step waits the same way.
/// </summary>
internal sealed partial class PausableRun(ScanControl control, StepExecutor executor, ILogger logger)
{
    private readonly List<ScanPause> _pauses = [];

    public IReadOnlyList<ScanPause> Pauses => _pauses;

    public int Retakes { get; private set; }

    /// <summary>Runs the steps; with <paramref name="startAt"/> a checkpoint's index, from that checkpoint (a resumed scan).</summary>
    public async Task ExecuteAsync(IReadOnlyList<Step> steps, int startAt, Func<Task<string?>> bringToSafeState, CancellationToken abort)
    {
        await executor.CheckSuspendersAsync(abort).ConfigureAwait(false);
        if (control.HoldRequested)
        {
            await PauseAsync(null, 0, bringToSafeState, abort).ConfigureAwait(false);
        }

        control.SetState(ScanState.Running);
        int next = 0;
        if (startAt > 0)
        {
            await executor.ReplayAsync(steps, startAt, abort).ConfigureAwait(false);
            await executor.RestoreAsync(executor.Checkpoint((CheckpointStep)steps[startAt], startAt), abort).ConfigureAwait(false);
            next = startAt + 1;
        }

        while (next < steps.Count)
        {
            using CancellationTokenSource stretch = control.StretchToken(abort);
            try
            {
                next = await RunStretchAsync(steps, next, bringToSafeState, stretch.Token, abort).ConfigureAwait(false);
            }
            catch (Exception e) when (!abort.IsCancellationRequested && (control.Interrupted || e is SafetyInterlockException))
            {
                // A safety refusal can beat the interlock's own notice by an instant: the suspenders are asked directly.
                await executor.CheckSuspendersAsync(abort).ConfigureAwait(false);
                if (e is SafetyInterlockException && !control.HoldRequested)
                {
                    throw;
                }

                ExecutorSnapshot? from = executor.LastCheckpoint;
                LogInterrupted(e.GetType().Name, from?.Label ?? "the start");
                await PauseAsync(from, executor.Delivered - (from?.Delivered ?? 0), bringToSafeState, abort).ConfigureAwait(false);
                next = (from?.StepIndex ?? -1) + 1;
            }
        }
    }

    /// <summary>Runs steps from <paramref name="next"/> until the end or a pause at a checkpoint; returns where to go on.</summary>
    private async Task<int> RunStretchAsync(IReadOnlyList<Step> steps, int next, Func<Task<string?>> bringToSafeState, CancellationToken stretch, CancellationToken abort)
    {
        for (; next < steps.Count; next++)
        {
            if (steps[next] is CheckpointStep checkpoint)
            {
                abort.ThrowIfCancellationRequested();
                await executor.CheckSuspendersAsync(abort).ConfigureAwait(false);
                ExecutorSnapshot snapshot = executor.Checkpoint(checkpoint, next);
                if (control.HoldRequested)
                {
                    await PauseAsync(snapshot, 0, bringToSafeState, abort).ConfigureAwait(false);
                    return next + 1;
                }
            }
            else
            {
                await executor.ExecuteAsync(steps[next], stretch).ConfigureAwait(false);
            }
        }

        return next;
    }

    private async Task PauseAsync(ExecutorSnapshot? from, int retaken, Func<Task<string?>> bringToSafeState, CancellationToken abort)
    {
        (string requestedBy, string reason) = control.Hold ?? ("user", "interrupted by the user");
        string checkpoint = from?.Label ?? "the start";
        double startS = executor.ElapsedS;
        LogPaused(reason, requestedBy, checkpoint, retaken);
        if (await bringToSafeState().ConfigureAwait(false) is { } problems)
        {
            throw new InvalidOperationException($"could not pause safely ({reason}): {problems}");
        }

        control.SetState(ScanState.Paused);

        control.ResetInterrupt();
        try
        {
            Task watch = executor.WatchSuspendersAsync(abort);
            await control.WaitUntilClearAsync(abort).ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _pauses.Add(new ScanPause(startS, double.NaN, reason, requestedBy, checkpoint, 0));
            throw;
        }

        control.SetState(ScanState.Resuming);
        await executor.RestoreAsync(from, abort).ConfigureAwait(false);
        _pauses.Add(new ScanPause(startS, executor.ElapsedS, reason, requestedBy, checkpoint, retaken));
        Retakes += retaken;
        control.ResetInterrupt();
        LogResumed(checkpoint, executor.ElapsedS - startS);
        control.SetState(ScanState.Running);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Step interrupted ({Exception}); resuming from {Checkpoint} after the pause")]
    private partial void LogInterrupted(string exception, string checkpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan paused: {Reason} (by {RequestedBy}) at {Checkpoint}; {Retaken} frame(s) to take again")]
    private partial void LogPaused(string reason, string requestedBy, string checkpoint, int retaken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan resumed from {Checkpoint} after {PauseS:F1} s")]
    private partial void LogResumed(string checkpoint, double pauseS);
}
