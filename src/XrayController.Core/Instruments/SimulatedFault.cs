namespace XrayController.Core.Instruments;

/// <summary>
/// A fault the simulated instrument commits on its own, for dry runs of failure handling: <see cref="Device"/> is
/// <c>stage</c>, <c>shutter</c>, <c>monochromator</c>, <c>detector</c> or a linear axis name; after <see cref="After"/>
/// commands (images for <c>stream_stop</c>) it commits <see cref="Kind"/>: <c>silent</c>, <c>garble</c> or
/// <c>truncate</c>, <c>latency</c> (the next reply <see cref="DurationS"/> late) or <c>silent_for</c> (no reply for
/// <see cref="DurationS"/>, then answers again) (any serial or TCP device, real seconds), <c>drive_fault</c> (over
/// current), <c>stall</c> (position error) or <c>limit</c> (end-of-travel switch) (stage), <c>http_500</c> or
/// <c>stream_stop</c> or <c>frame_loss</c> (one image lost) (detector),
/// <c>beam_dump</c> (beam monitor: the beam is lost after that many detector images, for <see cref="DurationS"/> seconds),
/// <c>interlock_trip</c> (interlock: the hutch door opens after that many images and closes <see cref="DurationS"/> later),
/// <c>temperature_excursion</c> (environment: the air warms by 8 °C after that many images, for <see cref="DurationS"/>).
/// </summary>
public sealed record SimulatedFault(string Device, string Kind, int After)
{
    /// <summary>How long a beam dump or an open door lasts (seconds of scan time).</summary>
    public double DurationS { get; init; } = 2;

    public const string BeamMonitor = "beam_monitor";
    public const string Interlock = "interlock";
    public const string Source = "source";
    public const string Environment = "environment";

    public const string Stage = "stage";
    public const string Shutter = "shutter";
    public const string Monochromator = "monochromator";
    public const string Detector = "detector";

    public static IReadOnlyList<string> LineKinds { get; } = ["silent", "garble", "truncate", "latency", "silent_for"];

    public static IReadOnlyList<string> StageKinds { get; } = [.. LineKinds, "drive_fault", "stall", "limit"];

    /// <summary>The kinds that last <see cref="DurationS"/>.</summary>
    public static IReadOnlyList<string> TimedKinds { get; } = ["latency", "silent_for", "beam_dump", "interlock_trip", "temperature_excursion"];

    public static IReadOnlyList<string> DetectorKinds { get; } = ["http_500", "stream_stop", "frame_loss"];

    public static IReadOnlyList<string> BeamMonitorKinds { get; } = [.. LineKinds, "beam_dump"];

    public static IReadOnlyList<string> InterlockKinds { get; } = ["interlock_trip"];

    public static IReadOnlyList<string> EnvironmentKinds { get; } = ["temperature_excursion"];
}
