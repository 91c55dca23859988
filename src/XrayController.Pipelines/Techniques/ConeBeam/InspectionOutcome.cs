using System.Globalization;
using System.Text.Json;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Output;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>What the inspection a lab plan asks for (reconstruction.inspection) produced: its folder, its time, and for a simulated cell its comparison with the truth.</summary>
public abstract record InspectionOutcome(string Directory, double Seconds)
{
    /// <summary>The plan's name for the inspection (<c>cell</c>, <c>zoom</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>The summary and, for a simulated cell, the comparison: a few lines for the terminal.</summary>
    public abstract string Text();

    /// <summary>Writes <c>inspection</c> (the summary object) and <c>truth</c> (the comparison, or null) into the open object.</summary>
    public abstract void WriteJson(Utf8JsonWriter json);

    protected static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The whole cell's inspection (<see cref="CellInspection"/>).</summary>
public sealed record CellInspectionOutcome(string Directory, double Seconds, CellInspectionResult Result, CellQuality? Quality) : InspectionOutcome(Directory, Seconds)
{
    public override string Kind => "cell";

    public override string Text() => CellReport.Text(Result) + (Quality is not { } t ? string.Empty : Environment.NewLine + Invariant(
        $"against the simulated cell: electrode thickness error {t.MeanErrorUm:+0.0;-0.0} µm mean, {t.RmsErrorUm:0.0} µm RMS, {t.Within3UmShare:P0} within ±3 µm over {t.Compared} crossings (true mean {t.MeanTruthUm:0.0} µm; {t.Misplaced} crossings off the electrode); defects found {t.DefectsFound} of {t.DefectsPlanted}, {t.FalseDefects} false")
        + (t.Coats is not { } c ? string.Empty : Invariant($"; each coat {c.MeanErrorUm:+0.0;-0.0} µm mean, {c.RmsErrorUm:0.0} µm RMS, {c.Within3UmShare:P0} within ±3 µm over {c.Compared} coats (true mean {c.MeanTruthUm:0.0} µm)")));

    public override void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName("inspection");
        JsonSerializer.Serialize(json, CellReport.Summary(Result));
        if (Quality is not { } t)
        {
            json.WriteNull("truth");
            return;
        }

        json.WriteStartObject("truth");
        json.WriteNumber("compared", t.Compared);
        json.WriteNumber("misplaced", t.Misplaced);
        json.WriteNumber("mean_error_um", Math.Round(t.MeanErrorUm, 3));
        json.WriteNumber("rms_error_um", Math.Round(t.RmsErrorUm, 3));
        json.WriteNumber("within_3um", Math.Round(t.Within3UmShare, 4));
        json.WriteNumber("mean_truth_um", Math.Round(t.MeanTruthUm, 3));
        json.WriteNumber("defects_planted", t.DefectsPlanted);
        json.WriteNumber("defects_found", t.DefectsFound);
        json.WriteNumber("false_defects", t.FalseDefects);
        if (t.Coats is { } c)
        {
            json.WriteStartObject("coats");
            json.WriteNumber("compared", c.Compared);
            json.WriteNumber("mean_error_um", Math.Round(c.MeanErrorUm, 3));
            json.WriteNumber("rms_error_um", Math.Round(c.RmsErrorUm, 3));
            json.WriteNumber("within_3um", Math.Round(c.Within3UmShare, 4));
            json.WriteNumber("mean_truth_um", Math.Round(c.MeanTruthUm, 3));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("coats");
        }

        json.WriteEndObject();
    }
}

/// <summary>A zoom's inspection (<see cref="ZoomInspection"/>).</summary>
public sealed record ZoomInspectionOutcome(string Directory, double Seconds, ZoomInspectionResult Result, ZoomQuality? Quality) : InspectionOutcome(Directory, Seconds)
{
    public override string Kind => "zoom";

    public override string Text() => ZoomReport.Text(Result) + (Quality is not { } t ? string.Empty : Environment.NewLine + "against the simulated cell: " + string.Join("; ", t.Kinds.Select(k => k.Compared == 0
        ? Invariant($"{k.Kind} not in the region's lines ({k.Elsewhere} measured where the cell has none)")
        : Invariant($"{k.Kind} {k.MeanMeasuredUm:0.0} µm measured, {k.MeanTruthUm:0.0} µm true (mean error {k.MeanErrorUm:+0.0;-0.0} µm, RMS {k.RmsErrorUm:0.0} µm over {k.Compared} lines; {k.Elsewhere} where the cell has none)"))));

    public override void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName("inspection");
        JsonSerializer.Serialize(json, ZoomReport.Summary(Result));
        if (Quality is not { } t)
        {
            json.WriteNull("truth");
            return;
        }

        json.WriteStartObject("truth");
        foreach (ZoomKindQuality k in t.Kinds)
        {
            // A kind the region's lines never met has no figures: null.
            json.WriteStartObject(k.Kind);
            json.WriteNumber("compared", k.Compared);
            foreach ((string name, double value) in (ReadOnlySpan<(string, double)>)[("mean_measured_um", k.MeanMeasuredUm), ("mean_truth_um", k.MeanTruthUm), ("mean_error_um", k.MeanErrorUm), ("rms_error_um", k.RmsErrorUm)])
            {
                if (double.IsFinite(value))
                {
                    json.WriteNumber(name, Math.Round(value, 3));
                }
                else
                {
                    json.WriteNull(name);
                }
            }

            json.WriteNumber("elsewhere", k.Elsewhere);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
