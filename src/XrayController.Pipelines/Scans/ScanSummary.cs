using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Techniques;

namespace XrayController.Pipelines.Scans;

/// <summary>What a scan did, for the final summary line and <c>--json</c>.</summary>
public sealed record ScanSummary(
    string PlanName,
    string Instrument,
    bool Simulated,
    ScanEnded Ended,
    FrameCounts Planned,
    string RawFile,
    double WallS,
    double EstimateS,
    double Speed,
    string? StreamEndpoint,
    int StreamSubscribers,
    long StreamMessages,
    LiveResult? Live)
{
    /// <summary>Every technique's section, in the list's order: what the scan's own technique made after it, nothing for the others.</summary>
    public IReadOnlyList<TechniqueSection> Techniques { get; init; } = [];

    /// <summary>For a simulated scan that calibrated its energy: the error the simulated monochromator's scale had (eV), which the calibration should have found.</summary>
    public double? SimulatedEnergyOffsetEv { get; init; }

    /// <summary>The report page kept beside the scan file (<see cref="Reports.ScanReport"/>), or null when none is written.</summary>
    public string? ReportFile { get; init; }
}

/// <summary>One technique's section of a summary: its key, and its outcome when the scan was of its kind.</summary>
public sealed record TechniqueSection(string Key, ITechniqueOutcome? Outcome)
{
    /// <summary>The sections of every technique in the list, <paramref name="outcome"/> under <paramref name="ran"/>'s key.</summary>
    public static IReadOnlyList<TechniqueSection> For(TechniqueList techniques, ITechnique? ran, ITechniqueOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(techniques);
        return [.. techniques.All.Select(t => new TechniqueSection(t.SummaryKey, t == ran ? outcome : null))];
    }
}
