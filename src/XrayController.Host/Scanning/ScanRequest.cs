namespace XrayController.Host.Scanning;

/// <summary>What <c>xrayctl scan</c> was asked to do.</summary>
/// <param name="Publish">Frame-stream endpoint, <c>off</c> to disable, or null for the configured one.</param>
/// <param name="Speed">How many times faster than real time the simulated instrument runs.</param>
/// <param name="Live">Reconstruct while the scan runs (needs the stream).</param>
public sealed record ScanRequest(
    string PlanPath,
    string? Instrument,
    string? OutputDirectory,
    string? Publish,
    int WaitSubscribers,
    double Speed,
    bool Overwrite,
    bool Json,
    bool Live)
{
    /// <summary>A fault-injection file (<c>--faults FILE</c>) whose faults the simulated instrument commits besides its profile's, or null.</summary>
    public string? FaultsPath { get; init; }

    /// <summary>Who pauses, resumes and watches the scan (the service); null: the terminal's signals.</summary>
    public Acquisition.Engine.ScanControl? Control { get; init; }

    /// <summary>The service's monitor of the scan (progress, images, previews, devices for the web page), or null.</summary>
    public Monitor.ScanMonitor? Monitor { get; init; }
}
