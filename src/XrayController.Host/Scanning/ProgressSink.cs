using System.Diagnostics;
using Spectre.Console;
using XrayController.Core.Scans;

namespace XrayController.Host.Scanning;

/// <summary>
/// Shows a running scan: frames done of total, elapsed wall time, the remaining time from the dry-run timeline (scaled by
/// the simulation speed) and the frame rate. Spectre.Console draws a live bar on a terminal and prints plain lines when
/// the output is redirected. A frame taken again counts once.
/// </summary>
internal sealed class ProgressSink(ProgressTask task, double[] timeline, double estimateS, double speed) : IScanSink
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly HashSet<long> _done = [];
    private int _frames;

    public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken)
    {
        _wall.Restart();
        task.StartTask();
        return ValueTask.CompletedTask;
    }

    public ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _done.Add(frame.Frame.Seq);
        _frames = _done.Count;
        double elapsedS = _wall.Elapsed.TotalSeconds;
        double remainingS = Math.Max(0, estimateS - timeline[Math.Min(frame.Frame.Seq, timeline.Length - 1)]) / speed;
        double rate = elapsedS > 0 ? _frames / elapsedS : 0;
        task.Value = _frames;
        task.Description = FormattableString.Invariant($"frames {_frames}/{timeline.Length}  {Clock(elapsedS)} elapsed  {Clock(remainingS)} left (estimate)  {rate:0.0} frames/s");
        return ValueTask.CompletedTask;
    }

    /// <summary>Shows a pause (and how to resume from the terminal) until the next frame.</summary>
    public void Show(Acquisition.Engine.ScanState state, string? why)
    {
        if (state == Acquisition.Engine.ScanState.Paused)
        {
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
