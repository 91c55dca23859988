using System.Globalization;
using System.Text.Json;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Output;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>What the end of a lab cone-beam scan produced.</summary>
/// <param name="ReconFile">The FDK volume (tiles stitched), /exchange/recon [z, y, x] in 1/mm, top_z_mm the height of slice 0.</param>
/// <param name="Seams">Per seam between tiles: the normalised cross-correlation of the overlap and whether its shift was applied.</param>
/// <param name="Inspection">The cell inspection when the plan asks for it (reconstruction.inspection: cell), else null.</param>
/// <param name="Quality">For a simulated cell: the inspection against the phantom.</param>
public sealed record LabCtOutcome(string ReconFile, double ReconSeconds, int Tiles, IReadOnlyList<(double ShiftVoxels, double Correlation, bool Applied)> Seams, string? InspectionDirectory, double InspectionSeconds, CellInspectionResult? Inspection, CellQuality? Quality) : ITechniqueOutcome
{
    public string? VolumeFile => ReconFile;

    public string Describe()
    {
        string seams = Seams.Count == 0 ? string.Empty : "; seams " + string.Join(", ", Seams.Select(s => string.Create(CultureInfo.InvariantCulture, $"correlation {s.Correlation:0.000}, best shift {s.ShiftVoxels:+0.0;-0.0} voxels {(s.Applied ? "applied" : "not applied")}")));
        string lines = string.Create(CultureInfo.InvariantCulture, $"FDK of {Tiles} tile{(Tiles == 1 ? string.Empty : "s")}{(Tiles > 1 ? ", stitched" : string.Empty)} in {ReconSeconds:0.0} s -> {ReconFile}{seams}");
        if (Inspection is not { } inspection)
        {
            return lines;
        }

        lines += string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}cell inspection in {InspectionSeconds:0.0} s -> {InspectionDirectory}{Environment.NewLine}{CellReport.Text(inspection)}");
        return Quality is not { } t ? lines : lines + Environment.NewLine + string.Create(CultureInfo.InvariantCulture,
            $"against the simulated cell: electrode thickness error {t.MeanErrorUm:+0.0;-0.0} µm mean, {t.RmsErrorUm:0.0} µm RMS, {t.Within3UmShare:P0} within ±3 µm over {t.Compared} crossings (true mean {t.MeanTruthUm:0.0} µm; {t.Misplaced} crossings off the electrode); defects found {t.DefectsFound} of {t.DefectsPlanted}, {t.FalseDefects} false");
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("recon", ReconFile);
        json.WriteNumber("recon_s", Math.Round(ReconSeconds, 2));
        json.WriteNumber("tiles", Tiles);
        json.WriteStartArray("seams");
        foreach ((double shift, double correlation, bool applied) in Seams)
        {
            json.WriteStartObject();
            json.WriteNumber("shift_voxels", Math.Round(shift, 2));
            json.WriteNumber("correlation", Math.Round(correlation, 4));
            json.WriteBoolean("applied", applied);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("inspection_dir", InspectionDirectory);
        if (Inspection is { } inspection)
        {
            json.WritePropertyName("inspection");
            JsonSerializer.Serialize(json, CellReport.Summary(inspection));
        }
        else
        {
            json.WriteNull("inspection");
        }

        if (Quality is { } t)
        {
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
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("truth");
        }

        json.WriteEndObject();
    }
}
