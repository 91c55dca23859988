using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Pipelines.Live;

namespace XrayController.Host.Scanning;

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
    LiveResult? Live,
    SliceQuality? Quality)
{
    /// <summary>The per-energy reconstruction and XANES analysis of a completed spectro-tomography scan.</summary>
    public XanesOutcome? Xanes { get; init; }

    /// <summary>The phase retrieval, δ reconstruction and fragment analysis of a completed holotomography scan.</summary>
    public HolotomoOutcome? Holotomo { get; init; }

    /// <summary>The FDK reconstruction (tiles stitched) and cell inspection of a completed lab cone-beam scan.</summary>
    public LabCtOutcome? LabCt { get; init; }

    /// <summary>For a simulated scan that calibrated its energy: the error the simulated monochromator's scale had (eV), which the calibration should have found.</summary>
    public double? SimulatedEnergyOffsetEv { get; init; }
}
