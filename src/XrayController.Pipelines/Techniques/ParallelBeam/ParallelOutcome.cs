using System.Globalization;
using System.Text.Json;

namespace XrayController.Pipelines.Techniques.ParallelBeam;

/// <summary>After a parallel-beam scan: the final volume's orthoslices and, for a simulated scan, its central slice against the phantom.</summary>
public sealed record ParallelOutcome(string ReconFile, IReadOnlyList<string> Figures, SliceQuality? Quality) : ITechniqueOutcome
{
    public string? VolumeFile => ReconFile;

    public string Describe()
    {
        string figures = FinalVolumeFigures.Describe(Figures).TrimStart();
        return Quality is not { } q
            ? figures
            : string.Create(CultureInfo.InvariantCulture, $"central slice (detector row {q.Slice}) of {ReconFile}: RMSE against the phantom {q.RmsePerMm:0.###} 1/mm, {q.RelativeRmse:P1} of its largest attenuation") + (figures.Length == 0 ? string.Empty : Environment.NewLine + figures);
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("recon", ReconFile);
        FinalVolumeFigures.WriteJson(json, Figures);
        if (Quality is { } q)
        {
            json.WriteStartObject("truth");
            json.WriteNumber("slice", q.Slice);
            json.WriteNumber("rmse_per_mm", Math.Round(q.RmsePerMm, 4));
            json.WriteNumber("relative_rmse", Math.Round(q.RelativeRmse, 4));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("truth");
        }

        json.WriteEndObject();
    }
}
