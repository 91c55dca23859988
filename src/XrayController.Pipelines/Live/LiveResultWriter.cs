using System.Globalization;
using System.Text.Json;
using XrayController.Pipelines.Techniques.Spectral;
using XrayController.Streaming.Live;

namespace XrayController.Pipelines.Live;

/// <summary>The summary of a live reconstruction: one line, or a JSON object (keys documented in README.md).</summary>
public static class LiveResultWriter
{
    public static string Line(LiveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        StreamCounters c = result.Counters;
        string notes = result.Notes.Count == 0 ? string.Empty : "; " + string.Join("; ", result.Notes);
        return string.Create(CultureInfo.InvariantCulture,
            $"live reconstruction: {c.Received} frames received ({c.TransportGaps} transport gaps, {c.PreviewDrops} preview drops), {result.ProjectionsReconstructed} projections reconstructed live{(result.PaganinProjections is { } paganin ? $" from every distance (and {paganin} of the first distance by Paganin)" : string.Empty)} in {result.LiveSeconds:0.0} s; {result.Outcome} -> {result.OutputPath ?? "no file"} (finalise {result.FinaliseSeconds:0.0} s){notes}")
            + (result.LastSpectral is { } s ? Environment.NewLine + SpectralLine(s) : string.Empty);
    }

    private static string SpectralLine(SpectralPreview s)
    {
        float[] edges = s.EdgeMapEv is null ? [] : [.. s.EdgeMapEv.Where(float.IsFinite)];
        Array.Sort(edges);
        string map = edges.Length == 0 ? $"no edge map ({s.EdgeMapNote})" : string.Create(CultureInfo.InvariantCulture, $"edge map of slice {s.Slice}: {edges.Length} pixels, median {edges[edges.Length / 2]:0.00} eV");
        int peak = s.Spectrum.Count < 3 ? -1 : Enumerable.Range(1, s.Spectrum.Count - 2).MaxBy(k => (s.Spectrum[k + 1] - s.Spectrum[k - 1]) / (s.EnergiesEv[k + 1] - s.EnergiesEv[k - 1]));
        string spectrum = peak < 0 ? "no spectrum" : string.Create(CultureInfo.InvariantCulture, $"running spectrum of the region steepest at {s.EnergiesEv[peak]:0.#} eV");
        return string.Create(CultureInfo.InvariantCulture, $"live spectral preview: {s.EnergiesEv.Count} energies; {spectrum}; {map}");
    }

    public static Dictionary<string, object?> Json(LiveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        StreamCounters c = result.Counters;
        return new Dictionary<string, object?>
        {
            ["output"] = result.OutputPath,
            ["outcome"] = result.Outcome,
            ["frames"] = new Dictionary<string, long>
            {
                ["received"] = c.Received,
                ["processed"] = c.Processed,
                ["transport_gaps"] = c.TransportGaps,
                ["preview_drops"] = c.PreviewDrops,
                ["out_of_order"] = c.OutOfOrder,
                ["duplicates"] = c.Duplicates,
                ["malformed"] = c.Malformed,
                ["other_series"] = c.OtherSeries,
            },
            ["projections_reconstructed"] = result.ProjectionsReconstructed,
            ["paganin_projections"] = result.PaganinProjections,
            ["center_px"] = result.CenterPx,
            ["live_s"] = Math.Round(result.LiveSeconds, 3),
            ["finalise_s"] = Math.Round(result.FinaliseSeconds, 3),
            ["notes"] = result.Notes,
            ["spectral"] = result.LastSpectral is { } s ? SpectralJson(s) : null,
        };
    }

    private static Dictionary<string, object?> SpectralJson(SpectralPreview s)
    {
        float[] edges = s.EdgeMapEv is null ? [] : [.. s.EdgeMapEv.Where(float.IsFinite)];
        Array.Sort(edges);
        return new Dictionary<string, object?>
        {
            ["energies"] = s.EnergiesEv.Count,
            ["slice"] = s.Slice,
            ["spectrum"] = s.Spectrum.Select(v => double.IsFinite(v) ? Math.Round(v, 4) : (double?)null).ToArray(),
            ["edge_map_pixels"] = edges.Length,
            ["edge_map_median_ev"] = edges.Length == 0 ? null : Math.Round(edges[edges.Length / 2], 3),
            ["edge_map_note"] = s.EdgeMapNote,
        };
    }

    public static string JsonText(LiveResult result) => JsonSerializer.Serialize(Json(result), new JsonSerializerOptions { WriteIndented = true });
}
