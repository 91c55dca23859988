using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// The engine's timings as .NET metrics (exported by the service at <c>/metrics</c>): how long each move took from command
/// to in position, and each frame (trigger to image read back; in a fly sweep, the wait for the next image), in wall seconds, tagged with the device.
/// </summary>
public static class EngineMetrics
{
    public const string MeterName = "XrayController.Engine";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Bucket bounds from a millisecond to a minute: detector reads and small moves take milliseconds, energy changes seconds.</summary>
    private static readonly InstrumentAdvice<double> Buckets = new() { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 60] };

    private static readonly Histogram<double> MoveSeconds = Meter.CreateHistogram<double>(
        "xrayctl.stage.move.duration", "s", "Wall time of one move of the rotation stage, a sample axis or the monochromator, command to in position", advice: Buckets);

    private static readonly Histogram<double> FrameSeconds = Meter.CreateHistogram<double>(
        "xrayctl.detector.frame.duration", "s", "Wall time of one frame: trigger to image read back (step scans), or the wait for the next image during a sweep (fly scans)", advice: Buckets);

    public static async Task TimeMoveAsync(string device, Task move)
    {
        ArgumentNullException.ThrowIfNull(move);
        long start = Stopwatch.GetTimestamp();
        await move.ConfigureAwait(false);
        MoveSeconds.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, new KeyValuePair<string, object?>("device", device));
    }

    internal static void RecordFrame(long startTimestamp, string mode) =>
        FrameSeconds.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("mode", mode));
}
