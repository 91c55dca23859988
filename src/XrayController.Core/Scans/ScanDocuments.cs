using XrayController.Core.Devices;
using XrayController.Core.Steps;

namespace XrayController.Core.Scans;

/// <summary>Where a scan came from: software, plan and profile (as text, to be stored with the data), simulated or real.</summary>
/// <param name="TrueRotationAxisPx">The simulator's true rotation-axis column in stored (binned) pixels; null on a real instrument.</param>
/// <param name="RawFile">Where the scan file is being written, when known (announced on the frame stream).</param>
public sealed record ScanProvenance(
    string SoftwareVersion,
    string PlanSource,
    string PlanText,
    string ProfileSource,
    string ProfileText,
    bool Simulated,
    double? TrueRotationAxisPx,
    string? RawFile = null)
{
    /// <summary>A fault-injection file the simulated instrument ran with (<c>xrayctl scan --faults</c>): its path and text, or null.</summary>
    public (string Source, string Text)? FaultsFile { get; init; }

    /// <summary>Where the frame stream was published (the endpoint bound, a port chosen by the system included), or null for none.</summary>
    public string? StreamEndpoint { get; init; }
}

/// <summary>The first document of a scan: everything known before the first frame.</summary>
public sealed record ScanStarted(Guid SeriesId, CompiledScan Scan, ScanProvenance Provenance, DateTimeOffset StartTime)
{
    /// <summary>
    /// Where each linear axis stood when the scan began: the in-beam positions that out-of-beam offsets (flats, the
    /// reference foil) are taken from and returned to, and that a resumed scan goes back to.
    /// </summary>
    public IReadOnlyDictionary<string, double> AxesAtStartMm { get; init; } = new Dictionary<string, double>();
}

/// <summary>
/// One acquired frame, tagged with the planned frame it fulfils. <c>EncoderDeg</c> is the stage's read-back (NaN where
/// none was read); <c>TimestampS</c> is when its exposure started, in seconds since the scan started, on the scan's
/// clock; <c>I0</c> is the beam monitor's current during the exposure (A), NaN without a beam monitor.
/// </summary>
public sealed record FrameAcquired(FrameInfo Frame, DetectorFrame Image, double EncoderDeg, double TimestampS, double I0)
{
    /// <summary>The environment sensor's temperature at the last checkpoint before the frame (°C), NaN without a sensor.</summary>
    public double TemperatureC { get; init; } = double.NaN;
}

public enum ScanStatus
{
    Completed,
    Aborted,
    Failed,

    /// <summary>The controller stopped before the scan ended (killed, crashed, power lost); the file was recovered from its journal.</summary>
    Interrupted,
}

/// <summary>The last document of a scan, whatever its end.</summary>
public sealed record ScanEnded(ScanStatus Status, string? Reason, FrameCounts Acquired, DateTimeOffset EndTime, double ElapsedS)
{
    /// <summary>The energy calibration the scan made before its frames, or null.</summary>
    public Optics.EnergyCalibration? Calibration { get; init; }

    /// <summary>Every pause of the scan, by the user or a suspender, in order.</summary>
    public IReadOnlyList<ScanPause> Pauses { get; init; } = [];

    /// <summary>Frames taken again because a pause interrupted the stretch they belonged to; the later frame replaces the earlier.</summary>
    public int Retakes { get; init; }
}

/// <summary>
/// One pause: when it began and ended (seconds since the scan started; NaN end when the scan ended paused), why, who
/// asked (<c>user</c> or the suspender's name), the checkpoint it resumed from and how many frames were taken again.
/// </summary>
public sealed record ScanPause(double StartS, double EndS, string Reason, string RequestedBy, string Checkpoint, int Retaken);
