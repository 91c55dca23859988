using System.Globalization;
using System.Text.Json;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>What the end of a lab cone-beam scan produced.</summary>
/// <param name="ReconFile">The FDK volume (tiles stitched), /exchange/recon [z, y, x] in 1/mm, top_z_mm the height of slice 0.</param>
/// <param name="Seams">Per seam between tiles: the normalised cross-correlation of the overlap and whether its shift was applied.</param>
/// <param name="Inspection">The inspection the plan asks for (reconstruction.inspection: cell or zoom), else null.</param>
public sealed record LabCtOutcome(string ReconFile, double ReconSeconds, int Tiles, IReadOnlyList<(double ShiftVoxels, double Correlation, bool Applied)> Seams, InspectionOutcome? Inspection) : ITechniqueOutcome
{
    public string? VolumeFile => ReconFile;

    /// <summary>The volume's orthoslices (<see cref="FinalVolumeFigures"/>).</summary>
    public IReadOnlyList<string> Figures { get; init; } = [];

    public string Describe()
    {
        string seams = Seams.Count == 0 ? string.Empty : "; seams " + string.Join(", ", Seams.Select(s => string.Create(CultureInfo.InvariantCulture, $"correlation {s.Correlation:0.000}, best shift {s.ShiftVoxels:+0.0;-0.0} voxels {(s.Applied ? "applied" : "not applied")}")));
        string lines = string.Create(CultureInfo.InvariantCulture, $"FDK of {Tiles} tile{(Tiles == 1 ? string.Empty : "s")}{(Tiles > 1 ? ", stitched" : string.Empty)} in {ReconSeconds:0.0} s -> {ReconFile}{seams}") + FinalVolumeFigures.Describe(Figures);
        return Inspection is not { } inspection ? lines : lines + string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}{inspection.Kind} inspection in {inspection.Seconds:0.0} s -> {inspection.Directory}{Environment.NewLine}{inspection.Text()}");
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
        FinalVolumeFigures.WriteJson(json, Figures);
        json.WriteString("inspection_kind", Inspection?.Kind);
        json.WriteString("inspection_dir", Inspection?.Directory);
        if (Inspection is { } inspection)
        {
            inspection.WriteJson(json);
        }
        else
        {
            json.WriteNull("inspection");
            json.WriteNull("truth");
        }

        json.WriteEndObject();
    }
}
