using XrayController.Core.Timing;

namespace XrayController.Devices.Transports;

/// <summary>
/// Waiting for a move to finish without flooding the controller: sleep (on the instrument's clock) for the time the
/// trapezoidal profile needs, then poll often until the controller reports it done. The wait fails once both the
/// instrument-time allowance (twice the expected time, plus a margin) and a real-time floor have passed, so an
/// accelerated simulation does not time out on a slow machine and a real stage that never arrives is still caught. A
/// move of unknown length (a reference search) polls from the start, with an explicit allowance.
/// </summary>
public static class MotionWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);

    public static async Task UntilAsync(
        TimeProvider time,
        double expectedS,
        Func<CancellationToken, Task<bool>> isDone,
        Func<TimeSpan, Exception> onTimeout,
        TimeSpan realTimeFloor,
        CancellationToken cancellationToken,
        double? allowanceS = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(isDone);
        ArgumentNullException.ThrowIfNull(onTimeout);
        long instrumentStart = time.GetTimestamp();
        long realStart = TimeProvider.System.GetTimestamp();
        if (expectedS > 0)
        {
            await time.DelayAsync(TimeSpan.FromSeconds(expectedS), cancellationToken).ConfigureAwait(false);
        }

        double limitS = allowanceS ?? ((2 * expectedS) + 1);
        while (!await isDone(cancellationToken).ConfigureAwait(false))
        {
            if (time.GetElapsedTime(instrumentStart).TotalSeconds > limitS && TimeProvider.System.GetElapsedTime(realStart) > realTimeFloor)
            {
                throw onTimeout(TimeSpan.FromSeconds(limitS));
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
