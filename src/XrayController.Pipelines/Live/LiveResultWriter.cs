using System.Globalization;
using System.Text.Json;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Live;

/// <summary>The summary of a live reconstruction: one line, or a JSON object (keys documented in README.md).</summary>
public static class LiveResultWriter
{
    public static string Line(LiveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        StreamCounters c = result.Counters;
        string notes = result.Notes.Count == 0 ? string.Empty : "; " + string.Join("; ", result.Notes);
        LiveDetails[] details = [.. result.Sections.Select(s => s.Details).OfType<LiveDetails>()];
        return string.Create(CultureInfo.InvariantCulture,
            $"live reconstruction: {c.Received} frames received ({c.TransportGaps} transport gaps, {c.PreviewDrops} preview drops), {result.ProjectionsReconstructed} projections reconstructed live{string.Concat(details.Select(d => d.ProjectionsNote))} in {result.LiveSeconds:0.0} s; {result.Outcome} -> {result.OutputPath ?? "no file"} (finalise {result.FinaliseSeconds:0.0} s){notes}")
            + string.Concat(details.Select(d => d.Line is null ? string.Empty : Environment.NewLine + d.Line));
    }

    public static Dictionary<string, object?> Json(LiveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        StreamCounters c = result.Counters;
        var json = new Dictionary<string, object?>
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
            ["center_px"] = result.CenterPx,
            ["live_s"] = Math.Round(result.LiveSeconds, 3),
            ["finalise_s"] = Math.Round(result.FinaliseSeconds, 3),
            ["notes"] = result.Notes,
        };
        foreach (LiveSection section in result.Sections)
        {
            json[section.Key] = section.Details?.Json;
        }

        return json;
    }

    public static string JsonText(LiveResult result) => JsonSerializer.Serialize(Json(result), new JsonSerializerOptions { WriteIndented = true });
}
