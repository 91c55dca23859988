using System.Globalization;
using XrayController.Core.Devices;
using XrayController.Core.Instruments;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// The beam-loss suspender and the per-frame I0: the engine reads the beam monitor before the first step, at every
/// checkpoint and during every exposure. A reading below the profile's threshold suspends the scan at once (the frame
/// being exposed is taken again after the pause). While the scan is held by it, the suspender reads the monitor every
/// poll period and releases the scan once the current has stayed good for the hold time.
/// </summary>
internal sealed class BeamSuspender(IBeamMonitor monitor, SuspenderProfile settings, ScanControl control, TimeProvider time)
{
    public const string Name = "beam current";

    /// <summary>Reads the monitor; a reading below the threshold suspends the scan. Returns the current (A).</summary>
    public async Task<double> ReadAsync(CancellationToken cancellationToken)
    {
        double current = await monitor.ReadCurrentAsync(cancellationToken).ConfigureAwait(false);
        if (settings.BeamBelowA is { } below && current < below)
        {
            control.Suspend(Name, string.Create(CultureInfo.InvariantCulture, $"beam current {current:G3} A below {below:G3} A"));
        }

        return current;
    }

    /// <summary>While this suspender holds the scan: polls until the current has been good for the hold time, then releases it.</summary>
    public Task WatchWhileSuspendedAsync(CancellationToken cancellationToken) =>
        settings.BeamBelowA is { } below
            ? SuspensionWatch.UntilGoodAsync(control, Name, async ct => await monitor.ReadCurrentAsync(ct).ConfigureAwait(false) >= below, settings.PollS, settings.HoldS, time, cancellationToken)
            : Task.CompletedTask;
}
