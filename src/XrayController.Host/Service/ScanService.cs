using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XrayController.Acquisition.Engine;
using XrayController.Core.Diagnostics;
using XrayController.Host.Monitor;
using XrayController.Host.Scanning;
using XrayController.Pipelines.Reports;
using XrayController.Pipelines.Scans;

namespace XrayController.Host.Service;

/// <summary>How the service runs scans: where files go, how fast the simulated instrument runs, where frames are published (null: the configured endpoint).</summary>
/// <param name="Token">The bearer token that lets other hosts than this one use the API and the page; null: this host only.</param>
public sealed record ServiceSettings(string StateDirectory, string? OutputDirectory, double Speed, string? Publish = null, string? Token = null);

/// <summary>What a control request came to.</summary>
public enum ControlOutcome
{
    Done,
    NotFound,
    Conflict,
}

/// <summary>
/// Runs the queue, one scan at a time, through the same runner as <c>xrayctl scan</c> (the frame stream published and
/// reconstructed live), watched by a <see cref="ScanMonitor"/> that the page shows; takes pause, resume, abort and
/// cancel requests for the scans it holds. Each scan's state in the queue follows its engine's: running, paused, then
/// how it ended.
/// </summary>
internal sealed partial class ScanService(ScanQueue queue, ScanRunner runner, ServiceSettings settings, MonitorMetrics metrics, ILogger<ScanService> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private Running? _current;
    private ScanMonitor? _monitor;

    /// <summary>The running scan's monitor, or the last scan's after it ended; null before the first.</summary>
    public ScanMonitor? Monitor
    {
        get
        {
            lock (_gate)
            {
                return _monitor;
            }
        }
    }

    /// <summary>Every scan the queue holds, the running one with the frames it has taken so far.</summary>
    public IReadOnlyList<QueuedScan> Scans => [.. queue.All.Select(WithProgress)];

    /// <summary>One scan as <see cref="Scans"/> lists it, or null.</summary>
    public QueuedScan? Find(string id) => queue.Find(id) is { } scan ? WithProgress(scan) : null;

    public string? RunningId
    {
        get
        {
            lock (_gate)
            {
                return _current?.Id;
            }
        }
    }

    public ControlOutcome Pause(string id) => Control(id, c => c.Pause());

    public ControlOutcome Resume(string id) => Control(id, c => c.Resume());

    public ControlOutcome Abort(string id)
    {
        lock (_gate)
        {
            if (_current is { } running && running.Id == id)
            {
                running.Abort.Cancel();
                return ControlOutcome.Done;
            }
        }

        return queue.Find(id) is null ? ControlOutcome.NotFound : ControlOutcome.Conflict;
    }

    /// <summary>Moves a queued scan to a place among the queued ones (0: next).</summary>
    public ControlOutcome Move(string id, int position)
    {
        lock (_gate)
        {
            return queue.Find(id) is null ? ControlOutcome.NotFound : queue.Move(id, position) ? ControlOutcome.Done : ControlOutcome.Conflict;
        }
    }

    /// <summary>Takes a queued scan off the queue.</summary>
    public ControlOutcome Cancel(string id)
    {
        lock (_gate)
        {
            QueuedScan? scan = queue.Find(id);
            if (scan is null)
            {
                return ControlOutcome.NotFound;
            }

            if (scan.State != QueuedScan.Queued)
            {
                return ControlOutcome.Conflict;
            }

            queue.Update(scan with { State = QueuedScan.Cancelled, Reason = "cancelled before it started" });
            return ControlOutcome.Done;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (string skipped in queue.Unreadable)
        {
            LogUnreadable(skipped);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            QueuedScan next;
            lock (_gate)
            {
                next = queue.All.FirstOrDefault(s => s.State == QueuedScan.Queued)!;
            }

            next ??= await queue.NextAsync(stoppingToken).ConfigureAwait(false);
            if (queue.Find(next.Id)?.State == QueuedScan.Queued)
            {
                await RunAsync(next, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAsync(QueuedScan scan, CancellationToken stoppingToken)
    {
        var control = new ScanControl();
        var monitor = new ScanMonitor(scan.Id, scan.Name, metrics);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        lock (_gate)
        {
            _current = new Running(scan.Id, control, abort);
            _monitor = monitor;
            queue.Update(scan with { State = QueuedScan.Running });
        }

        control.StateChanged += state => Track(scan.Id, state);
        try
        {
            var request = new ScanRequest(scan.PlanFile, null, settings.OutputDirectory, settings.Publish, 0, settings.Speed, Overwrite: false, Json: true, Live: true)
            {
                Control = control,
                Monitor = monitor,
            };
            LogStarting(scan.Id, scan.Name, scan.PlanFile);
            ScanSummary summary = await runner.RunAsync(request, TextWriter.Null, abort.Token).ConfigureAwait(false);
            IReadOnlyList<string> outputs = summary.ReportFile is null ? [summary.RawFile] : ScanReport.Outputs(ScanReport.SummaryFileFor(summary.RawFile));
            queue.Update(queue.Find(scan.Id)! with
            {
                State = summary.Ended.Status.ToString().ToLowerInvariant(),
                Reason = summary.Ended.Reason,
                RawFile = summary.RawFile,
                FramesAcquired = summary.Ended.Acquired.Total,
                FramesPlanned = summary.Planned.Total,
                Report = summary.ReportFile,
                Outputs = outputs,
            });
            LogEnded(scan.Id, scan.Name, summary.Ended.Status.ToString().ToLowerInvariant(), summary.Ended.Acquired.Total, summary.Planned.Total, summary.WallS, summary.Ended.Reason ?? "none");
            foreach (string output in outputs)
            {
                LogOutput(scan.Id, output);
            }
        }
        catch (Exception e) when (e is InputException or InvalidOperationException or IOException or OperationCanceledException)
        {
            LogFailed(e, scan.Id);
            queue.Update(queue.Find(scan.Id)! with { State = e is OperationCanceledException ? QueuedScan.Aborted : QueuedScan.Failed, Reason = e.Message });
            monitor.Fail(e.Message);
        }
        finally
        {
            monitor.Close();
            lock (_gate)
            {
                _current = null;
            }
        }
    }

    private QueuedScan WithProgress(QueuedScan scan)
    {
        lock (_gate)
        {
            if (_current is { } running && running.Id == scan.Id && _monitor is { } monitor && monitor.Id == scan.Id && !scan.Finished)
            {
                (int done, int planned) = monitor.Frames;
                return scan with { FramesAcquired = done, FramesPlanned = planned };
            }
        }

        return scan;
    }

    private void Track(string id, ScanState state)
    {
        string? shown = state switch
        {
            ScanState.Paused => QueuedScan.Paused,
            ScanState.Running or ScanState.Resuming or ScanState.Pausing => QueuedScan.Running,
            _ => null,
        };
        if (shown is not null && queue.Find(id) is { Finished: false } scan && scan.State != shown)
        {
            queue.Update(scan with { State = shown });
        }
    }

    private ControlOutcome Control(string id, Func<ScanControl, bool> act)
    {
        lock (_gate)
        {
            if (_current is { } running && running.Id == id)
            {
                return act(running.Control) ? ControlOutcome.Done : ControlOutcome.Conflict;
            }
        }

        return queue.Find(id) is null ? ControlOutcome.NotFound : ControlOutcome.Conflict;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {Id} ({Name}) starting from {PlanFile}")]
    private partial void LogStarting(string id, string name, string planFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {Id} ({Name}) {Status}: {Frames} of {Planned} frames in {WallS:0.0} s; reason: {Reason}")]
    private partial void LogEnded(string id, string name, string status, int frames, int planned, double wallS, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan {Id} output {Path}")]
    private partial void LogOutput(string id, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scan {Id} could not run")]
    private partial void LogFailed(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue entry {File} is not readable and was left out")]
    private partial void LogUnreadable(string file);

    private sealed record Running(string Id, ScanControl Control, CancellationTokenSource Abort);
}
