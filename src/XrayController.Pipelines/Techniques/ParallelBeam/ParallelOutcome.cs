using System.Globalization;
using System.Text.Json;

namespace XrayController.Pipelines.Techniques.ParallelBeam;

/// <summary>After a simulated parallel-beam scan: the live reconstruction's central slice against the phantom.</summary>
public sealed record ParallelOutcome(string ReconFile, SliceQuality Quality) : ITechniqueOutcome
{
    /// <summary>The volume shown is the live reconstruction's own.</summary>
    public string? VolumeFile => null;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"central slice (detector row {Quality.Slice}) of {ReconFile}: RMSE against the phantom {Quality.RmsePerMm:0.###} 1/mm, {Quality.RelativeRmse:P1} of its largest attenuation");

    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("slice", Quality.Slice);
        json.WriteNumber("rmse_per_mm", Math.Round(Quality.RmsePerMm, 4));
        json.WriteNumber("relative_rmse", Math.Round(Quality.RelativeRmse, 4));
        json.WriteEndObject();
    }
}
