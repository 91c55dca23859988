using Microsoft.Extensions.Logging;
using XrayController.Core.Devices;

namespace XrayController.Devices.Safety;

/// <summary>The X-ray tube behind the interlock: it turns on only with the door closed, and an interlock opening turns it off.</summary>
internal sealed partial class GuardedSource(GpioSafetySystem safety, IXraySource tube) : IXraySource
{
    private volatile bool _on;

    public bool On => _on;

    public Task SetOperatingPointAsync(double voltageKv, double currentUa, CancellationToken cancellationToken) =>
        tube.SetOperatingPointAsync(voltageKv, currentUa, cancellationToken);

    public async Task SetBeamOnAsync(bool on, CancellationToken cancellationToken)
    {
        safety.PermitSource(on);
        _on = on;
        safety.SourceChanged();
        await tube.SetBeamOnAsync(on, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Turns the tube off from the interlock callback: the off command is sent before the callback returns, its reply is
    /// not waited for; a failure is logged (the tube controller's own interlock input is the hardware path).
    /// </summary>
    public void TripOff(ILogger logger)
    {
        _on = false;
        safety.SourceChanged();
        Task off;
        try
        {
            off = tube.SetBeamOnAsync(false, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            off = Task.FromException(e);
        }

        _ = off.ContinueWith(t => LogTripFailed(logger, t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not turn the X-ray tube off after the interlock opened")]
    private static partial void LogTripFailed(ILogger logger, Exception exception);
}
