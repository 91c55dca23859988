using System.Globalization;
using XrayController.Core.Steps;

namespace XrayController.Host.Output;

/// <summary>One line per step for <c>plan check --steps</c>.</summary>
internal static class StepFormatter
{
    public static string Format(Step step) => step switch
    {
        ConfigureDetectorStep c => Invariant($"configure detector: exposure {c.ExposureS} s, binning {c.Binning}"),
        SetSourceStep s => Invariant($"source {s.VoltageKv} kV, {s.CurrentUa} µA"),
        RotateStep r => Invariant($"rotate to {r.AngleDeg} deg"),
        TranslateStep t => Invariant($"move {t.Axis} to {t.PositionMm} mm"),
        OffsetStep o => Invariant($"move {o.Axis} by {o.DeltaMm:+0.######;-0.######} mm"),
        SetEnergyStep e => Invariant($"energy {e.EnergyEv} eV"),
        SettleStep s => Invariant($"settle {s.Axis} {s.Seconds} s"),
        ShutterStep s => s.Open ? "open shutter" : "close shutter",
        AcquireStep a => Frame(a.Frame),
        FlyScanStep f => Invariant($"fly {f.Sweep.Count} frames from {f.Sweep.StartDeg} deg every {f.Sweep.StepDeg} deg ({f.Sweep.StepCounts} counts) at {f.Sweep.SpeedDegS:0.######} deg/s, run-up {f.Sweep.TaxiDeg} deg; seq {f.Frames[0].Seq}-{f.Frames[^1].Seq}"),
        CheckpointStep c => Invariant($"checkpoint {c.Index}: {c.Label}"),
        CalibrationExposureStep c => c.Dark ? "calibration exposure, dark" : Invariant($"calibration exposure at {c.EnergyEv} eV (reference foil in)"),
        ApplyEnergyCalibrationStep a => Invariant($"shift the energy scale so the foil's edge sits at {a.ReferenceEdgeEv} eV"),
        _ => step.ToString(),
    };

    private static string Frame(FrameInfo frame)
    {
        string energy = double.IsNaN(frame.EnergyEv) ? string.Empty : Invariant($", {frame.EnergyEv} eV");
        return Invariant($"acquire {frame.Kind.ToString().ToLowerInvariant()} seq {frame.Seq} at {frame.AngleDeg} deg{energy}, distance {frame.DistanceIndex}, tile {frame.TileIndex}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
