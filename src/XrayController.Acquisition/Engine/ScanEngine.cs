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
/// holds every frame acquired. A <see cref="ScanControl"/> pauses and resumes it at checkpoints; a pause is a state
/// of the scan, recorded in its end document, never a failure.
/// </summary>
public sealed partial class ScanEngine(Instrument instrument, TimeProvider time, ILogger<ScanEngine>? logger = null)
{
    private static readonly TimeSpan SafeStateTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger = logger ?? NullLogger<ScanEngine>.Instance;

    /// <summary>Free bytes where the scan file is written (null when unknown); with it, a disk that fills below the profile's reserve suspends the scan.</summary>
    public Func<long?>? FreeDiskBytes { get; init; }

    public async Task<ScanEnded> RunAsync(CompiledScan scan, ScanProvenance provenance, IReadOnlyList<IScanSink> sinks, CancellationToken cancellationToken, ScanControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(provenance);
        ArgumentNullException.ThrowIfNull(sinks);
        var axes = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach ((string name, ILinearAxis axis) in instrument.Axes)
        {
            axes[name] = await axis.GetPositionAsync(cancellationToken).ConfigureAwait(false);
        }

        var started = new ScanStarted(Guid.NewGuid(), scan, provenance, time.GetUtcNow()) { AxesAtStartMm = axes };
        return await RunAsync(started, 0, sinks, control ?? new ScanControl(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Goes on with a scan that stopped (its process died) from one of its checkpoints: the steps before it are replayed
    /// on paper only (an energy calibration is taken again), the instrument is brought to the checkpoint's state, and the
    /// scan runs from there under the series and start time it began with.
    /// </summary>
    public async Task<ScanEnded> ResumeAsync(ScanStarted started, int checkpointStep, IReadOnlyList<IScanSink> sinks, CancellationToken cancellationToken, ScanControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(sinks);
        if (checkpointStep < 0 || checkpointStep >= started.Scan.Steps.Count || started.Scan.Steps[checkpointStep] is not CheckpointStep)
        {
            throw new ArgumentOutOfRangeException(nameof(checkpointStep), checkpointStep, "not a checkpoint of the scan");
        }

        return await RunAsync(started, checkpointStep, sinks, control ?? new ScanControl(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<ScanEnded> RunAsync(ScanStarted started, int startAt, IReadOnlyList<IScanSink> sinks, ScanControl control, CancellationToken cancellationToken)
    {
        CompiledScan scan = started.Scan;
        foreach (IScanSink sink in sinks)
        {
            await sink.OnStartedAsync(started, cancellationToken).ConfigureAwait(false);
        }

        BeamSuspender? beam = instrument.BeamMonitor is { } monitor ? new BeamSuspender(monitor, scan.Profile.Suspenders, control, time) : null;
        using InterlockSuspender? interlock = instrument.Safety is { } safety ? new InterlockSuspender(safety, scan.Profile.Suspenders, control, time) : null;
        EnvironmentSuspender? environment = instrument.Environment is { } sensor && scan.Profile.EnvironmentSensor is { } sensorProfile
            ? new EnvironmentSuspender(sensor, sensorProfile, scan.Profile.Suspenders, control, time, _logger)
            : null;
        DiskSuspender? disk = FreeDiskBytes is { } free
            ? new DiskSuspender(free, scan.Profile.Storage.ReserveGb, scan.Profile.Suspenders.PollS, scan.Profile.Suspenders.HoldS, control, time)
            : null;
        var executor = new StepExecutor(instrument, scan, time, started, sinks, new Suspenders(beam, interlock, environment, disk));
        var run = new PausableRun(control, executor, _logger);
        ScanStatus status = ScanStatus.Completed;
        string? reason = null;
        try
        {
            if (instrument.Safety is { } lines)
            {
                await lines.BeginScanAsync(cancellationToken).ConfigureAwait(false);
            }

            await run.ExecuteAsync(scan.Steps, startAt, BringToSafeStateAsync, cancellationToken).ConfigureAwait(false);
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
            string? problems = await BringToSafeStateAsync().ConfigureAwait(false);
            reason = problems is null ? reason : $"{reason}; bringing the instrument to a safe state also failed: {problems}";
        }

        if (instrument.Safety is { } safetyLines)
        {
            await safetyLines.EndScanAsync(CancellationToken.None).ConfigureAwait(false);
        }
        else if (instrument.Source is { } tube && scan.Steps.OfType<SetSourceStep>().Any())
        {
            await tube.SetBeamOnAsync(false, CancellationToken.None).ConfigureAwait(false);
        }

        control.SetState(ScanState.Ended);
        var ended = new ScanEnded(status, reason, executor.Acquired, time.GetUtcNow(), executor.ElapsedS)
        {
            Calibration = executor.Calibration,
            Pauses = run.Pauses,
            Retakes = run.Retakes,
        };
        foreach (IScanSink sink in sinks)
        {
            await sink.OnEndedAsync(ended, CancellationToken.None).ConfigureAwait(false);
        }

        return ended;
    }

    /// <summary>Closes the shutters, stops every axis and disarms the detector; returns what failed (the other actions still run), or null.</summary>
    private async Task<string?> BringToSafeStateAsync()
    {
        using var timeout = new CancellationTokenSource(SafeStateTimeout);
        var problems = new List<string>();
        Func<CancellationToken, Task>[] actions =
        [
            .. instrument.Safety?.FastShutter is { } fast ? [ct => fast.SetOpenAsync(false, ct)] : Array.Empty<Func<CancellationToken, Task>>(),
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

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scan failed after {Checkpoint}")]
    private partial void LogFailure(Exception exception, string checkpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not complete the safe state")]
    private partial void LogSafeStateProblem(Exception exception);
}
