using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using XrayController.Core.Devices;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// Runs a compiled scan on an instrument: executes its steps in order and sends the start, frame and end documents to
/// the sinks. Cancellation is an abort and a device error a failure; either way the instrument is brought to a safe
/// state (shutter closed, motion stopped, detector disarmed) and the sinks still receive the end document, so the file
/// holds every frame acquired. Checkpoints are where an abort takes effect between frames.
/// </summary>
public sealed partial class ScanEngine(Instrument instrument, TimeProvider time, ILogger<ScanEngine>? logger = null)
{
    private static readonly TimeSpan SafeStateTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger = logger ?? NullLogger<ScanEngine>.Instance;

    public async Task<ScanEnded> RunAsync(CompiledScan scan, ScanProvenance provenance, IReadOnlyList<IScanSink> sinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(provenance);
        ArgumentNullException.ThrowIfNull(sinks);
        var started = new ScanStarted(Guid.NewGuid(), scan, provenance, time.GetUtcNow());
        foreach (IScanSink sink in sinks)
        {
            await sink.OnStartedAsync(started, cancellationToken).ConfigureAwait(false);
        }

        var executor = new StepExecutor(instrument, scan, time, started, sinks);
        ScanStatus status = ScanStatus.Completed;
        string? reason = null;
        try
        {
            foreach (Step step in scan.Steps)
            {
                await executor.ExecuteAsync(step, cancellationToken).ConfigureAwait(false);
            }

            await instrument.Detector.DisarmAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = ScanStatus.Aborted;
            reason = $"aborted after {executor.LastCheckpoint?.Label ?? "the start"}";
        }
        catch (Exception e)
        {
            status = ScanStatus.Failed;
            reason = e.Message;
            LogFailure(e, executor.LastCheckpoint?.Label ?? "the start");
        }

        if (status != ScanStatus.Completed)
        {
            reason = await BringToSafeStateAsync(reason!).ConfigureAwait(false);
        }

        var ended = new ScanEnded(status, reason, executor.Acquired, time.GetUtcNow(), executor.ElapsedS) { Calibration = executor.Calibration };
        foreach (IScanSink sink in sinks)
        {
            await sink.OnEndedAsync(ended, CancellationToken.None).ConfigureAwait(false);
        }

        return ended;
    }

    /// <summary>Closes the shutter, stops every axis and disarms the detector; a step that fails is added to the reason, and the others still run.</summary>
    private async Task<string> BringToSafeStateAsync(string reason)
    {
        using var timeout = new CancellationTokenSource(SafeStateTimeout);
        var problems = new List<string>();
        Func<CancellationToken, Task>[] actions =
        [
            ct => instrument.Shutter.SetOpenAsync(false, ct),
            ct => instrument.Rotation.StopAsync(ct),
            .. instrument.Axes.Values.Select(axis => (Func<CancellationToken, Task>)axis.StopAsync),
            ct => instrument.Detector.DisarmAsync(ct),
        ];
        foreach (Func<CancellationToken, Task> action in actions)
        {
            try
            {
                await action(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                problems.Add(e.Message);
                LogSafeStateProblem(e);
            }
        }

        return problems.Count == 0 ? reason : $"{reason}; bringing the instrument to a safe state also failed: {string.Join("; ", problems)}";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scan failed after {Checkpoint}")]
    private partial void LogFailure(Exception exception, string checkpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not complete the safe state")]
    private partial void LogSafeStateProblem(Exception exception);
}
