using System.Text.Encodings.Web;
using System.Text.Json;
using XrayController.Acquisition.DryRun;
using XrayController.Acquisition.Planning;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Steps;
using XrayController.Host.Cli;

namespace XrayController.Host.Output;

/// <summary>
/// The <c>plan check --json</c> report, one object with stable keys (documented in README.md). Estimate keys are null
/// when the plan is invalid.
/// </summary>
internal static class PlanCheckJsonWriter
{
    public static void Write(PlanCheckReport report, AfterScanReport afterScan, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("plan", report.Document?.Plan.Name);
            json.WriteString("technique", report.Document is { } d ? PlanNames.NameOf(PlanNames.Techniques, d.Plan.Technique) : null);
            json.WriteStartObject("instrument");
            json.WriteString("name", report.Profile?.Name ?? report.Document?.Plan.Instrument);
            WriteNullable(json, "simulated", report.Profile?.Simulated);
            json.WriteEndObject();
            json.WriteBoolean("valid", report.IsValid);
            WriteEstimate(json, report.Scan, report.Estimate);
            WriteNullable(json, "free_bytes", report.FreeDiskBytes);
            json.WriteStartArray("after_scan");
            foreach (EstimateReport job in afterScan.Jobs)
            {
                JsonSerializer.Serialize(json, job.Fields());
            }

            json.WriteEndArray();
            json.WriteString("after_scan_refused", afterScan.Refusal);
            WriteDiagnostics(json, "violations", report.Violations);
            WriteDiagnostics(json, "warnings", report.Warnings);
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteEstimate(Utf8JsonWriter json, CompiledScan? scan, DryRunEstimate? estimate)
    {
        if (scan is null || estimate is null)
        {
            foreach (string key in new[] { "duration_s", "breakdown_s", "frames", "energies", "angles", "field_of_view", "bytes", "efficiency", "overhead_per_projection_s", "sweep_exposure_fraction", "steps" })
            {
                json.WriteNull(key);
            }

            return;
        }

        json.WriteNumber("duration_s", Math.Round(estimate.Duration.TotalSeconds, 3));
        TimeBreakdown b = estimate.Breakdown;
        json.WriteStartObject("breakdown_s");
        json.WriteNumber("motion", Math.Round(b.MotionS, 3));
        json.WriteNumber("settle", Math.Round(b.SettleS, 3));
        json.WriteNumber("exposure", Math.Round(b.ExposureS, 3));
        json.WriteNumber("readout", Math.Round(b.ReadoutS, 3));
        json.WriteNumber("overhead", Math.Round(b.OverheadS, 3));
        json.WriteEndObject();
        json.WriteStartObject("frames");
        json.WriteNumber("projection", scan.Frames.Projections);
        json.WriteNumber("flat", scan.Frames.Flats);
        json.WriteNumber("dark", scan.Frames.Darks);
        json.WriteNumber("total", scan.Frames.Total);
        json.WriteNumber("rows", scan.FrameRows);
        json.WriteNumber("columns", scan.FrameColumns);
        json.WriteEndObject();
        json.WriteStartObject("energies");
        json.WriteNumber("count", scan.EnergiesEv.Count);
        json.WriteStartArray("values_ev");
        foreach (double energy in scan.EnergiesEv)
        {
            json.WriteNumberValue(energy);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        WriteAngles(json, scan);
        FieldOfView field = FieldOfView.Of(scan.Plan, scan.Profile);
        json.WriteStartObject("field_of_view");
        json.WriteNumber("width_mm", Math.Round(field.WidthMm, 4));
        json.WriteNumber("centred_width_mm", Math.Round(field.CentredWidthMm, 4));
        json.WriteNumber("widening", Math.Round(field.Widening, 3));
        json.WriteNumber("axis_column", Math.Round(field.AxisColumn, 2));
        json.WriteBoolean("half_acquisition", field.IsHalfAcquisition);
        json.WriteEndObject();
        json.WriteNumber("bytes", estimate.Bytes);
        json.WriteNumber("efficiency", Math.Round(estimate.Efficiency, 4));
        json.WriteNumber("overhead_per_projection_s", Math.Round(estimate.OverheadPerProjectionS, 4));
        if (estimate.SweepExposureFraction is { } sweep)
        {
            json.WriteNumber("sweep_exposure_fraction", Math.Round(sweep, 4));
        }
        else
        {
            json.WriteNull("sweep_exposure_fraction");
        }
        json.WriteStartObject("steps");
        json.WriteNumber("total", scan.Steps.Count);
        foreach ((string kind, int count) in StepSummary.Count(scan.Steps))
        {
            json.WriteNumber(kind, count);
        }

        json.WriteEndObject();
    }

    private static void WriteAngles(Utf8JsonWriter json, CompiledScan scan)
    {
        json.WriteStartObject("angles");
        json.WriteString("mode", scan.Fly is null ? "step" : "fly");
        if (scan.Fly is { } fly)
        {
            json.WriteNumber("count", fly.Count);
            json.WriteNumber("start_deg", fly.StartDeg);
            json.WriteNumber("last_deg", fly.LastTriggerDeg);
            json.WriteNumber("step_deg", fly.StepDeg);
            json.WriteNumber("step_counts", fly.StepCounts);
            json.WriteNumber("speed_deg_s", fly.SpeedDegS);
        }
        else
        {
            RotationAxis rotation = scan.Plan.Rotation;
            json.WriteNumber("count", rotation.Count);
            json.WriteNumber("start_deg", rotation.StartDeg);
            json.WriteNumber("last_deg", rotation.LastDeg);
            json.WriteNumber("step_deg", rotation.StepDeg);
        }

        json.WriteEndObject();
    }

    private static void WriteDiagnostics(Utf8JsonWriter json, string name, IEnumerable<Diagnostic> diagnostics)
    {
        json.WriteStartArray(name);
        foreach (Diagnostic diagnostic in diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("source", diagnostic.Source);
            json.WriteString("path", diagnostic.Path);
            WriteNullable(json, "line", diagnostic.Location.IsKnown ? diagnostic.Location.Line : null);
            WriteNullable(json, "column", diagnostic.Location.IsKnown ? diagnostic.Location.Column : null);
            json.WriteString("message", diagnostic.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } v)
        {
            json.WriteBoolean(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
