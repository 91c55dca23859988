using System.Diagnostics;
using XrayController.Acquisition.DryRun;
using XrayController.Acquisition.Engine;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Host.Monitor;

/// <summary>
/// Where a scan stands: its state and why it is held, the frames done of the plan's, elapsed and remaining time
/// (<see cref="RemainingTime"/>, at the pace measured while running), the latest frame's metadata, and when each frame left the engine
/// (for the latency of what the page shows). Written by the scan's threads, read by the monitor's updates.
/// </summary>
internal sealed class ScanProgress
{
    private readonly Lock _gate = new();
    private readonly HashSet<long> _done = [];
    private readonly Dictionary<long, double> _leftMs = [];
    private readonly Stopwatch _running = new();
    private double[] _timeline = [];
    private RemainingTime _remaining = new([], 0, 1);
    private long _startTimestamp;
    private double? _endedS;
    private ScanEnded? _ended;
    private CompiledScan? _scan;
    private FrameAcquired? _lastFrame;
    private string _state = "starting";
    private string? _hold;
    private string? _failure;
    private string? _stage;
    private bool _closed;

    /// <summary>The compiled scan once started, else null.</summary>
    public CompiledScan? Scan
    {
        get
        {
            lock (_gate)
            {
                return _scan;
            }
        }
    }

    /// <summary>The frames done (one taken again counting once) and the plan's.</summary>
    public (int Done, int Planned) Frames
    {
        get
        {
            lock (_gate)
            {
                return (_done.Count, _timeline.Length);
            }
        }
    }

    public void Prepare(double[] timeline, double estimateS, double speed)
    {
        lock (_gate)
        {
            (_timeline, _remaining) = (timeline, new RemainingTime(timeline, estimateS, speed));
        }
    }

    public void Started(CompiledScan scan)
    {
        lock (_gate)
        {
            _scan = scan;
            _startTimestamp = Stopwatch.GetTimestamp();
            _running.Restart();
            _state = "running";
        }
    }

    /// <summary>A frame left the engine at <paramref name="leftMs"/> (Unix milliseconds); one taken again counts once.</summary>
    public void Frame(FrameAcquired frame, double leftMs)
    {
        lock (_gate)
        {
            _done.Add(frame.Frame.Seq);
            _leftMs[frame.Frame.Seq] = leftMs;
            _lastFrame = frame;
        }
    }

    public void Ended(ScanEnded ended)
    {
        lock (_gate)
        {
            _ended = ended;
            _endedS = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
            _state = ended.Status.ToString().ToLowerInvariant();
        }
    }

    public void Track(ScanState state, string? hold)
    {
        lock (_gate)
        {
            _state = state.ToString().ToLowerInvariant();
            _hold = state == ScanState.Paused ? hold : null;
            if (state == ScanState.Paused)
            {
                _running.Stop();
            }
            else if (_startTimestamp != 0)
            {
                _running.Start();
            }
        }
    }

    /// <summary>The work after the acquisition (finishing the live reconstruction, the technique's job) has reached <paramref name="stage"/>.</summary>
    public void Stage(string stage)
    {
        lock (_gate)
        {
            _stage = stage;
        }
    }

    /// <summary>The scan could not run or was cut off before the engine said how it ended.</summary>
    public void Fail(string reason)
    {
        lock (_gate)
        {
            if (_ended is null)
            {
                _state = "failed";
                _failure = reason;
                _endedS = _startTimestamp == 0 ? 0 : Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
            }
        }
    }

    /// <summary>Files and reconstructions are written: the scan is no longer finishing.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    /// <summary>When the frame left the engine (Unix milliseconds), NaN when unknown.</summary>
    public double LeftMs(long seq)
    {
        lock (_gate)
        {
            return _leftMs.TryGetValue(seq, out double ms) ? ms : double.NaN;
        }
    }

    /// <summary>The progress as the page shows it, with what the stream side adds.</summary>
    public MonitorView View(string id, string name, StreamView stream, System.Text.Json.Nodes.JsonObject? devices)
    {
        lock (_gate)
        {
            (double remainingS, bool measured) = Remaining();
            bool finishing = !_closed && (_ended is not null || _failure is not null);
            return new MonitorView(
                id, name, _scan, _state, _hold, _ended?.Reason ?? _failure, finishing, finishing ? _stage : null, _done.Count, Elapsed(), remainingS, measured, _lastFrame,
                stream.Counters, stream.Published, stream.Ring, devices);
        }
    }

    private double Elapsed() => _startTimestamp == 0 ? 0 : _endedS ?? Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;

    private (double Seconds, bool Measured) Remaining() =>
        _ended is not null || _timeline.Length == 0 ? (0, false) : _remaining.After(_lastFrame?.Frame.Seq ?? 0, _running.Elapsed.TotalSeconds);
}
