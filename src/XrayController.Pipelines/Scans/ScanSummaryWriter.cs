using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using XrayController.Core.Scans;
using XrayController.Pipelines.Live;

namespace XrayController.Pipelines.Scans;

/// <summary>The final line of <c>xrayctl scan</c>, or its <c>--json</c> object (keys documented in README.md).</summary>
public static class ScanSummaryWriter
{
    public static string Line(ScanSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var acquired = summary.Ended.Acquired;
        string stream = summary.StreamEndpoint is null ? "stream off" : $"stream {summary.StreamEndpoint} ({summary.StreamMessages} messages, {summary.StreamSubscribers} subscribers)";
        string scan = string.Create(CultureInfo.InvariantCulture,
            $"{summary.PlanName} {summary.Ended.Status.ToString().ToLowerInvariant()}: {acquired.Total} of {summary.Planned.Total} frames ({acquired.Projections} projections, {acquired.Flats} flats, {acquired.Darks} darks) in {summary.WallS:0.0} s (estimate {summary.EstimateS:0.0} s at speed {summary.Speed:0.##}) -> {summary.RawFile}; {stream}");
        string live = summary.Live is { } result ? Environment.NewLine + LiveResultWriter.Line(result) : string.Empty;
        string calibration = summary.Ended.Calibration is { } c
            ? Environment.NewLine + string.Create(CultureInfo.InvariantCulture, $"energy calibration on the reference foil: edge at {c.MeasuredEdgeEv:0.00} eV on the monochromator's scale, {c.ReferenceEdgeEv:0.0} eV tabulated: every energy shifted by {c.ShiftEv:+0.00;-0.00} eV") + (summary.SimulatedEnergyOffsetEv is { } offset ? string.Create(CultureInfo.InvariantCulture, $" (the simulated scale was off by {offset:+0.00;-0.00} eV)") : string.Empty)
            : string.Empty;
        return scan + calibration + live + string.Concat(summary.Techniques.Select(t => t.Outcome is { } outcome ? Environment.NewLine + outcome.Describe() : string.Empty));
    }

    public static string Json(ScanSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("status", summary.Ended.Status.ToString().ToLowerInvariant());
            json.WriteString("reason", summary.Ended.Reason);
            json.WriteString("plan", summary.PlanName);
            json.WriteString("instrument", summary.Instrument);
            json.WriteBoolean("simulated", summary.Simulated);
            json.WriteStartObject("files");
            json.WriteString("raw", summary.RawFile);
            json.WriteString("recon", summary.Live?.OutputPath);
            json.WriteString("report", summary.ReportFile);
            json.WriteEndObject();
            json.WriteStartObject("frames");
            json.WriteNumber("projection", summary.Ended.Acquired.Projections);
            json.WriteNumber("flat", summary.Ended.Acquired.Flats);
            json.WriteNumber("dark", summary.Ended.Acquired.Darks);
            json.WriteNumber("total", summary.Ended.Acquired.Total);
            json.WriteNumber("planned", summary.Planned.Total);
            json.WriteEndObject();
            json.WriteNumber("wall_s", Math.Round(summary.WallS, 3));
            json.WriteNumber("scan_clock_s", Math.Round(summary.Ended.ElapsedS, 3));
            json.WriteNumber("estimate_s", Math.Round(summary.EstimateS, 3));
            json.WriteNumber("speed", summary.Speed);
            if (summary.StreamEndpoint is null)
            {
                json.WriteNull("stream");
            }
            else
            {
                json.WriteStartObject("stream");
                json.WriteString("endpoint", summary.StreamEndpoint);
                json.WriteNumber("subscribers", summary.StreamSubscribers);
                json.WriteNumber("messages_sent", summary.StreamMessages);
                json.WriteEndObject();
            }

            if (summary.Live is { } live)
            {
                json.WriteStartObject("drops");
                json.WriteNumber("transport_gaps", live.Counters.TransportGaps);
                json.WriteNumber("preview_drops", live.Counters.PreviewDrops);
                json.WriteEndObject();
                json.WritePropertyName("reconstruction");
                JsonSerializer.Serialize(json, LiveResultWriter.Json(live));
            }
            else
            {
                json.WriteNull("drops");
                json.WriteNull("reconstruction");
            }

            WriteCalibration(json, summary);
            foreach (TechniqueSection section in summary.Techniques)
            {
                json.WritePropertyName(section.Key);
                if (section.Outcome is { } outcome)
                {
                    outcome.WriteJson(json);
                }
                else
                {
                    json.WriteNullValue();
                }
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteCalibration(Utf8JsonWriter json, ScanSummary summary)
    {
        if (summary.Ended.Calibration is not { } c)
        {
            json.WriteNull("energy_calibration");
            return;
        }

        json.WriteStartObject("energy_calibration");
        json.WriteNumber("measured_edge_ev", Math.Round(c.MeasuredEdgeEv, 4));
        json.WriteNumber("reference_edge_ev", c.ReferenceEdgeEv);
        json.WriteNumber("shift_ev", Math.Round(c.ShiftEv, 4));
        if (summary.SimulatedEnergyOffsetEv is { } offset)
        {
            json.WriteNumber("simulated_offset_ev", offset);
        }

        json.WriteEndObject();
    }

    public static bool Succeeded(ScanSummary summary) => summary.Ended.Status == ScanStatus.Completed;
}
