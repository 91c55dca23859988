using XrayController.Core.Steps;

namespace XrayController.Acquisition.DryRun;

/// <summary>What a dry run of a compiled scan predicts.</summary>
public sealed record DryRunEstimate(TimeSpan Duration, TimeBreakdown Breakdown, FrameCounts Frames, long Bytes)
{
    /// <summary>The share of the scan spent exposing.</summary>
    public double Efficiency => Duration > TimeSpan.Zero ? Breakdown.ExposureS / Duration.TotalSeconds : 0;

    /// <summary>
    /// For a fly scan, the share of its sweeps (first trigger to the end of the last exposure) during which the detector
    /// exposes: exposure over the triggered frame period; null for a step scan.
    /// </summary>
    public double? SweepExposureFraction { get; init; }

    /// <summary>Average time per projection spent on anything but exposing (motion, settle, readout, references, overhead).</summary>
    public double OverheadPerProjectionS => Frames.Projections > 0 ? (Duration.TotalSeconds - Breakdown.ExposureS) / Frames.Projections : 0;
}
