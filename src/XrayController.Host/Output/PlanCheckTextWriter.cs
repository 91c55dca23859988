using System.Globalization;
using XrayController.Acquisition.DryRun;
using XrayController.Acquisition.Planning;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Steps;
using XrayController.Host.Cli;

namespace XrayController.Host.Output;

/// <summary>The human-readable <c>plan check</c> report.</summary>
internal static class PlanCheckTextWriter
{
    public static void Write(PlanCheckReport report, AfterScanReport afterScan, TextWriter output, bool listSteps)
    {
        if (report.Document is { } document)
        {
            Plan plan = document.Plan;
            string instrument = report.Profile is { } profile ? $"{profile.Name}{(profile.Simulated ? " (simulated)" : string.Empty)}" : plan.Instrument;
            output.WriteLine($"plan {plan.Name}: {PlanNames.NameOf(PlanNames.Techniques, plan.Technique)} on instrument {instrument}");
        }

        if (report.Scan is { } scan && report.Estimate is { } estimate)
        {
            WriteSummary(scan, estimate, report.FreeDiskBytes, output);
            if (afterScan.Refusal is { } refusal)
            {
                output.WriteLine($"after the scan: the job would be refused: {refusal}");
            }
            else if (afterScan.Jobs.Count > 0)
            {
                output.WriteLine("after the scan (at the job's memory budget; xrayctl recon and analyze take --memory-gb):");
                foreach (EstimateReport job in afterScan.Jobs)
                {
                    output.WriteLine($"  {job.Line()}");
                }
            }

            if (listSteps)
            {
                output.WriteLine("step list:");
                for (int i = 0; i < scan.Steps.Count; i++)
                {
                    output.WriteLine(Invariant($"  {i,7}  {StepFormatter.Format(scan.Steps[i])}"));
                }
            }
        }

        WriteDiagnostics("warnings", [.. report.Warnings], output);
        Diagnostic[] violations = [.. report.Violations];
        output.WriteLine(violations.Length == 0 ? "violations: none" : $"violations ({violations.Length}):");
        foreach (Diagnostic violation in violations)
        {
            output.WriteLine($"  {violation}");
        }
    }

    private static string FieldLine(FieldOfView field) => field.IsHalfAcquisition
        ? Invariant($"{field.WidthMm:0.###} mm wide at the rotation axis, a half-acquisition: the axis's image {Math.Min(field.AxisColumn, field.Columns - 1 - field.AxisColumn):0.#} columns from the panel's edge widens the centred panel's {field.CentredWidthMm:0.###} mm {field.Widening:0.00} times")
        : Invariant($"{field.WidthMm:0.###} mm wide at the rotation axis ({field.Columns} columns)");

    private static void WriteSummary(CompiledScan scan, DryRunEstimate estimate, long? freeBytes, TextWriter output)
    {
        string steps = string.Join(", ", StepSummary.Count(scan.Steps).Select(p => $"{p.Kind} {p.Count}"));
        output.WriteLine(Invariant($"steps: {scan.Steps.Count} ({steps})"));
        output.WriteLine(Invariant($"frames: {scan.Frames.Total} = {scan.Frames.Projections} projections + {scan.Frames.Flats} flats + {scan.Frames.Darks} darks, each {scan.FrameColumns} x {scan.FrameRows} x {scan.Profile.Detector.BitDepth} bit"));
        output.WriteLine($"angles: {AnglesLine(scan)}");
        output.WriteLine($"energies: {EnergiesLine(scan)}");
        if (scan.DistancesMm.Count > 0)
        {
            output.WriteLine(Invariant($"distances: {string.Join(", ", scan.DistancesMm)} mm (focus to sample)"));
        }

        output.WriteLine($"field: {FieldLine(FieldOfView.Of(scan.Plan, scan.Profile))}");
        if (scan.TilePositionsMm.Count > 0)
        {
            output.WriteLine(Invariant($"tiles: {scan.TilePositionsMm.Count} at {string.Join(", ", scan.TilePositionsMm.Select(p => p.ToString("0.###", CultureInfo.InvariantCulture)))} mm (sample_z)"));
        }

        TimeBreakdown b = estimate.Breakdown;
        output.WriteLine(Invariant($"duration: {FormatDuration(estimate.Duration)} ({estimate.Duration.TotalSeconds:0.000} s)"));
        output.WriteLine(Invariant($"  motion {b.MotionS:0.000} s, settle {b.SettleS:0.000} s, exposure {b.ExposureS:0.000} s, readout {b.ReadoutS:0.000} s, overhead {b.OverheadS:0.000} s"));
        output.WriteLine(Invariant($"  exposing {estimate.Efficiency:P1} of the time; {estimate.OverheadPerProjectionS:0.000} s per projection besides exposure"));
        if (estimate.SweepExposureFraction is { } sweep)
        {
            output.WriteLine(Invariant($"  during the fly sweeps (first trigger to last exposure) exposing {sweep:P1} of the time"));
        }
        string free = freeBytes is { } f ? Invariant($"; {f / 1e9:0.###} GB free") : string.Empty;
        output.WriteLine(Invariant($"bytes: {estimate.Bytes} ({estimate.Bytes / 1e9:0.###} GB, uncompressed upper bound){free}"));
    }

    private static string AnglesLine(CompiledScan scan)
    {
        RotationAxis rotation = scan.Plan.Rotation;
        if (scan.Fly is { } fly)
        {
            return Invariant($"{fly.Count} from {fly.StartDeg} to {fly.LastTriggerDeg:0.######} deg every {fly.StepDeg:0.#########} deg (fly, {fly.SpeedDegS:0.####} deg/s)");
        }

        return Invariant($"{rotation.Count} from {rotation.StartDeg} to {rotation.LastDeg:0.######} deg every {rotation.StepDeg:0.#########} deg (step)");
    }

    private static string EnergiesLine(CompiledScan scan) => scan.EnergiesEv.Count switch
    {
        0 => "polychromatic source",
        1 => Invariant($"{scan.EnergiesEv[0]} eV (fixed)"),
        _ => Invariant($"{scan.EnergiesEv.Count} from {scan.EnergiesEv[0]} to {scan.EnergiesEv[^1]} eV"),
    };

    private static void WriteDiagnostics(string title, Diagnostic[] diagnostics, TextWriter output)
    {
        if (diagnostics.Length == 0)
        {
            return;
        }

        output.WriteLine($"{title} ({diagnostics.Length}):");
        foreach (Diagnostic diagnostic in diagnostics)
        {
            output.WriteLine($"  {diagnostic}");
        }
    }

    private static string FormatDuration(TimeSpan duration)
    {
        TimeSpan rounded = TimeSpan.FromMilliseconds(Math.Round(duration.TotalMilliseconds));
        return Invariant($"{(int)rounded.TotalHours}:{rounded.Minutes:00}:{rounded.Seconds:00}.{rounded.Milliseconds:000}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
