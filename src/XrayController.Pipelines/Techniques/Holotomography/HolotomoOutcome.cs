using System.Globalization;
using System.Text.Json;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Output;

namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>What the end of a holotomography scan produced.</summary>
/// <param name="ReconFile">The δ volume, /exchange/recon [z, y, x] with quantity = delta.</param>
/// <param name="AnalysisDirectory">The fragment tables and the size-by-depth figure.</param>
/// <param name="Fragments">The fragment analysis of the reconstruction.</param>
/// <param name="Quality">For a simulated cathode piece: the correlation of the δ volume with the truth's, and the truth's own fragments.</param>
/// <param name="RegistrationRmsPx">For a simulated scan: RMS of the registration shifts against the sideways motion the simulated travel gave each distance, in reconstructed pixels.</param>
public sealed record HolotomoOutcome(string ReconFile, double ReconSeconds, PhaseReport Phase, string AnalysisDirectory, double AnalysisSeconds, FragmentResult Fragments, PhaseQuality? Quality, double? RegistrationRmsPx) : ITechniqueOutcome
{
    public string? VolumeFile => ReconFile;

    /// <summary>The δ volume's orthoslices (<see cref="FinalVolumeFigures"/>).</summary>
    public IReadOnlyList<string> Figures { get; init; } = [];

    public string Describe()
    {
        string shifts = string.Join(", ", Phase.ShiftsPx.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{Phase.Distances[i]}: ({s.Rows:+0.00;-0.00}, {s.Columns:+0.00;-0.00})")));
        string lines = string.Create(CultureInfo.InvariantCulture, $"phase retrieval {Phase.Method}{(Phase.DeltaBeta is { } r ? $" (δ/β {r:G4})" : string.Empty)} over {Phase.Distances.Count} distances (registration shifts in px, rows and columns: {shifts}; {Phase.RetrievalSecondsPerAngle * 1000:0.0} ms per angle), δ reconstructed in {ReconSeconds:0.0} s -> {ReconFile}; FRC resolution {Phase.FrcResolutionUm * 1000:0} nm ({Phase.FrcResolutionPx:0.0} px of {Phase.PixelUm * 1000:0} nm){FinalVolumeFigures.Describe(Figures)}{Environment.NewLine}fragment analysis in {AnalysisSeconds:0.0} s -> {AnalysisDirectory}{Environment.NewLine}{FragmentReport.Summary(Fragments)}");
        return Quality is not { } q ? lines : lines + Environment.NewLine + string.Create(CultureInfo.InvariantCulture,
            $"against the simulated truth: registration of the distances {RegistrationRmsPx:0.000} px RMS from the simulated sideways motion; δ correlates with Pearson r = {q.PearsonR:0.000}{(q.PaganinPearsonR is { } paganin ? $" (Paganin's single-distance retrieval of the same data: {paganin:0.000})" : string.Empty)}; the truth's own δ gives {q.TruthFragments.Particles.Count} particles and {q.TruthFragments.Fragments.Count} fragments (by region: {string.Join(", ", q.TruthFragments.Regions.Select(r => r.Fragments))})");
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("recon", ReconFile);
        json.WriteNumber("recon_s", Math.Round(ReconSeconds, 2));
        json.WriteString("phase_retrieval", Phase.Method);
        json.WriteNumber("distances", Phase.Distances.Count);
        json.WriteNumber("retrieval_ms_per_angle", Math.Round(Phase.RetrievalSecondsPerAngle * 1000, 2));
        json.WriteNumber("frc_resolution_um", Math.Round(Phase.FrcResolutionUm, 4));
        FinalVolumeFigures.WriteJson(json, Figures);
        json.WriteString("analysis_dir", AnalysisDirectory);
        json.WriteNumber("analysis_s", Math.Round(AnalysisSeconds, 2));
        json.WriteNumber("particles", Fragments.Particles.Count);
        json.WriteNumber("fragments", Fragments.Fragments.Count);
        WriteRegionCounts(json, Fragments.Regions);
        if (Quality is { } q)
        {
            json.WriteStartObject("truth");
            if (RegistrationRmsPx is { } registration)
            {
                json.WriteNumber("registration_rms_px", Math.Round(registration, 4));
            }

            json.WriteNumber("pearson_r", Math.Round(q.PearsonR, 4));
            if (q.PaganinPearsonR is { } paganin)
            {
                json.WriteNumber("paganin_pearson_r", Math.Round(paganin, 4));
            }
            else
            {
                json.WriteNull("paganin_pearson_r");
            }

            json.WriteNumber("particles", q.TruthFragments.Particles.Count);
            json.WriteNumber("fragments", q.TruthFragments.Fragments.Count);
            WriteRegionCounts(json, q.TruthFragments.Regions);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("truth");
        }

        json.WriteEndObject();
    }

    private static void WriteRegionCounts(Utf8JsonWriter json, IReadOnlyList<DepthRegion> regions)
    {
        json.WriteStartArray("fragments_by_region");
        foreach (DepthRegion region in regions)
        {
            json.WriteNumberValue(region.Fragments);
        }

        json.WriteEndArray();
    }
}
