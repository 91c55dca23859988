namespace XrayController.Core.Timing;

/// <summary>
/// Delays measured on a <see cref="TimeProvider"/> without the whole-millisecond truncation of
/// <c>Task.Delay(TimeSpan, TimeProvider)</c>: the provider's timer gets the exact due time, and the wait goes on until the
/// provider's clock says the time has passed. Exact on a virtual clock, never early on real timers; a simulated run needs
/// this to match its estimate (a 13 ms frame period truncated to 12 ms would lose 8 %).
/// </summary>
public static class PreciseDelay
{
    public static Task DelayAsync(this TimeProvider time, TimeSpan delay, CancellationToken cancellationToken) =>
        time.DelayUntilAsync(time.GetTimestamp(), delay, cancellationToken);

    /// <summary>Waits until <paramref name="offset"/> after <paramref name="startTimestamp"/> (a reading of <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public static async Task DelayUntilAsync(this TimeProvider time, long startTimestamp, TimeSpan offset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        cancellationToken.ThrowIfCancellationRequested();
        for (TimeSpan remaining = offset - time.GetElapsedTime(startTimestamp); remaining > TimeSpan.Zero; remaining = offset - time.GetElapsedTime(startTimestamp))
        {
            await TimerAsync(time, remaining, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task TimerAsync(TimeProvider time, TimeSpan due, CancellationToken cancellationToken)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using CancellationTokenRegistration registration = cancellationToken.Register(() => fired.TrySetCanceled(cancellationToken));
        using ITimer timer = time.CreateTimer(_ => fired.TrySetResult(), null, due, Timeout.InfiniteTimeSpan);
        await fired.Task.ConfigureAwait(false);
    }
}
