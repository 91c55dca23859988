using System.Globalization;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// The disk suspender: free space where the scan file is written, checked at checkpoints (at most every poll period of
/// scan time). Below the profile's reserve the scan pauses with the shutters closed — before a write could fail and take
/// the file with it — and goes on once the space has stayed above the reserve for the hold time.
/// </summary>
internal sealed class DiskSuspender(Func<long?> freeBytes, double reserveGb, double pollS, double holdS, ScanControl control, TimeProvider time)
{
    public const string Name = "disk";
    private const double BytesPerGb = 1e9;

    private long? _lastCheck;

    public void Check()
    {
        if (_lastCheck is { } last && time.GetElapsedTime(last).TotalSeconds < pollS)
        {
            return;
        }

        _lastCheck = time.GetTimestamp();
        if (freeBytes() is { } free && free < reserveGb * BytesPerGb)
        {
            control.Suspend(Name, string.Create(CultureInfo.InvariantCulture, $"the disk is almost full: {free / BytesPerGb:0.###} GB free, the profile keeps {reserveGb:0.###} GB; free some space and the scan goes on"));
        }
    }

    public Task WatchWhileSuspendedAsync(CancellationToken cancellationToken) => SuspensionWatch.UntilGoodAsync(
        control,
        Name,
        _ => Task.FromResult(freeBytes() is not { } free || free >= reserveGb * BytesPerGb),
        pollS,
        holdS,
        time,
        cancellationToken);
}
