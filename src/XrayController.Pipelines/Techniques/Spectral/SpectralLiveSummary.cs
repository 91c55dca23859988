using System.Globalization;
using XrayController.Pipelines.Live;

namespace XrayController.Pipelines.Techniques.Spectral;

/// <summary>The last live view of a spectral series in the live summary: a line, and the <c>spectral</c> object of its JSON.</summary>
internal static class SpectralLiveSummary
{
    public static string Line(SpectralPreview s)
    {
        float[] edges = SortedEdges(s);
        string map = edges.Length == 0 ? $"no edge map ({s.EdgeMapNote})" : string.Create(CultureInfo.InvariantCulture, $"edge map of slice {s.Slice}: {edges.Length} pixels, median {edges[edges.Length / 2]:0.00} eV");
        int peak = s.Spectrum.Count < 3 ? -1 : Enumerable.Range(1, s.Spectrum.Count - 2).MaxBy(k => (s.Spectrum[k + 1] - s.Spectrum[k - 1]) / (s.EnergiesEv[k + 1] - s.EnergiesEv[k - 1]));
        string spectrum = peak < 0 ? "no spectrum" : string.Create(CultureInfo.InvariantCulture, $"running spectrum of the region steepest at {s.EnergiesEv[peak]:0.#} eV");
        return string.Create(CultureInfo.InvariantCulture, $"live spectral preview: {s.EnergiesEv.Count} energies; {spectrum}; {map}");
    }

    public static Dictionary<string, object?> Json(SpectralPreview s)
    {
        float[] edges = SortedEdges(s);
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

    private static float[] SortedEdges(SpectralPreview s)
    {
        float[] edges = s.EdgeMapEv is null ? [] : [.. s.EdgeMapEv.Where(float.IsFinite)];
        Array.Sort(edges);
        return edges;
    }
}
