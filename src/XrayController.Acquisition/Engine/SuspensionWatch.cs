using XrayController.Core.Timing;

namespace XrayController.Acquisition.Engine;

/// <summary>The wait every suspender does while it holds a scan: poll its condition until it has stayed good for the hold time, then release.</summary>
internal static class SuspensionWatch
{
    public static async Task UntilGoodAsync(
        ScanControl control,
        string suspender,
        Func<CancellationToken, Task<bool>> isGood,
        double pollS,
        double holdS,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        long? goodSince = null;
        while (control.IsSuspendedBy(suspender))
        {
            await time.DelayAsync(TimeSpan.FromSeconds(pollS), cancellationToken).ConfigureAwait(false);
            bool good = await isGood(cancellationToken).ConfigureAwait(false);
            long now = time.GetTimestamp();
            if (!good)
            {
                goodSince = null;
            }
            else if (time.GetElapsedTime(goodSince ??= now, now).TotalSeconds >= holdS)
            {
                control.Release(suspender);
            }
        }
    }
}
