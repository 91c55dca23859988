using System.Diagnostics;
using Spectre.Console;
using XrayController.Acquisition.DryRun;
using XrayController.Core.Scans;

namespace XrayController.Host.Scanning;

/// <summary>
/// Shows a running scan: frames done of total, elapsed wall time, the remaining time (<see cref="RemainingTime"/>: the
/// dry run's shape at the measured pace, marked "estimate" until the pace is measured) and the frame rate.
/// Spectre.Console draws a live bar on a terminal and prints plain lines when the output is redirected. A frame taken
/// again counts once; time spent paused counts in the elapsed time but not in the pace.
/// </summary>
internal sealed class ProgressSink(ProgressTask task, double[] timeline, double estimateS, double speed) : IScanSink
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly Stopwatch _running = new();
    private readonly RemainingTime _remaining = new(timeline, estimateS, speed);
    private readonly HashSet<long> _done = [];
    private int _frames;

    public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken)
    {
        _wall.Restart();
        _running.Restart();
        task.StartTask();
        return ValueTask.CompletedTask;
    }

    public ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _done.Add(frame.Frame.Seq);
        _frames = _done.Count;
        _running.Start();
        double elapsedS = _wall.Elapsed.TotalSeconds;
        (double remainingS, bool measured) = _remaining.After(frame.Frame.Seq, _running.Elapsed.TotalSeconds);
        double rate = elapsedS > 0 ? _frames / elapsedS : 0;
        task.Value = _frames;
        task.Description = FormattableString.Invariant($"frames {_frames}/{timeline.Length}  {Clock(elapsedS)} elapsed  {Clock(remainingS)} left{(measured ? string.Empty : " (estimate)")}  {rate:0.0} frames/s");
        return ValueTask.CompletedTask;
    }

    /// <summary>Shows a pause (and how to resume from the terminal) until the next frame.</summary>
    public void Show(Acquisition.Engine.ScanState state, string? why)
    {
        if (state == Acquisition.Engine.ScanState.Paused)
        {
            _running.Stop();
            task.Description = $"paused ({why}) at frame {_frames}/{timeline.Length}; resume: kill -CONT {Environment.ProcessId}, abort: Ctrl-C";
        }
    }

    public ValueTask OnEndedAsync(ScanEnded ended, CancellationToken cancellationToken)
    {
        task.StopTask();
        return ValueTask.CompletedTask;
    }

    private static string Clock(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
