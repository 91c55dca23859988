using System.Text.Json.Nodes;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Streaming.Subscription;

namespace XrayController.Host.Monitor;

/// <summary>What a scan's monitor knows at one moment, apart from its images.</summary>
internal sealed record MonitorView(
    string Id,
    string Name,
    CompiledScan? Scan,
    string State,
    string? Hold,
    string? Reason,
    bool Finishing,
    string? Stage,
    int FramesDone,
    double ElapsedS,
    double RemainingS,
    bool RemainingMeasured,
    FrameAcquired? LastFrame,
    StreamCounters? Counters,
    long Published,
    (int Waiting, int Capacity)? Ring,
    JsonObject? Devices);

/// <summary>What the stream side adds to a monitor's view: the live reconstruction's counts, the messages published, the ring buffer's fill.</summary>
internal sealed record StreamView(StreamCounters? Counters, long Published, (int Waiting, int Capacity)? Ring);

/// <summary>
/// The monitor's update as JSON (snake_case, as the API): the scan's progress, rates and drops, the devices, and the
/// images whose versions are newer than the connection has sent, as base64 float32 (<see cref="MonitorImage"/>).
/// Numbers that are not finite are null.
/// </summary>
internal static class MonitorJson
{
    public static JsonObject Describe(MonitorView view, MonitorVersions seen, MonitorVersions now, FrameImages frames, PreviewSubscription previews)
    {
        int total = view.Scan?.Frames.Total ?? 0;
        var scan = new JsonObject
        {
            ["id"] = view.Id,
            ["name"] = view.Name,
            ["technique"] = view.Scan?.Plan.Technique.ToString(),
            ["state"] = view.State,
            ["hold"] = view.Hold,
            ["reason"] = view.Reason,
            ["finishing"] = view.Finishing,
            ["stage"] = view.Stage,
            ["frames_done"] = view.FramesDone,
            ["frames_total"] = total,
            ["percent"] = Number(total == 0 ? 0 : 100.0 * view.FramesDone / total),
            ["elapsed_s"] = Number(view.ElapsedS),
            ["remaining_s"] = Number(view.RemainingS),
            ["remaining_measured"] = view.RemainingMeasured,
            ["rate_fps"] = Number(view.ElapsedS > 0 ? view.FramesDone / view.ElapsedS : 0),
            ["published"] = view.Published,
            ["received"] = view.Counters?.Received ?? 0,
            ["reconstructed"] = view.Counters?.Processed ?? 0,
            ["transport_gaps"] = view.Counters?.TransportGaps ?? 0,
            ["preview_drops"] = view.Counters?.PreviewDrops ?? 0,
            ["dropped"] = (view.Counters?.TransportGaps ?? 0) + (view.Counters?.PreviewDrops ?? 0),
            ["ring_waiting"] = view.Ring?.Waiting,
            ["ring_capacity"] = view.Ring?.Capacity,
        };
        var update = new JsonObject { ["scan"] = scan, ["devices"] = Devices(view) };
        if (now.Projection > seen.Projection && frames.Projection is { } projection)
        {
            JsonObject image = Image(projection.Image);
            image["version"] = now.Projection;
            image["kind"] = projection.Kind;
            image["seq"] = projection.Seq;
            update["projection"] = image;
        }

        if (now.Sinogram > seen.Sinogram && frames.Sinogram is { } sinogram)
        {
            JsonObject image = Image(sinogram.Image);
            image["version"] = now.Sinogram;
            image["row"] = sinogram.Row;
            image["first_angle_deg"] = Number(sinogram.AnglesDeg[0]);
            image["last_angle_deg"] = Number(sinogram.AnglesDeg[^1]);
            update["sinogram"] = image;
        }

        if (now.Slices > seen.Slices)
        {
            update["slices"] = Slices(previews, now.Slices);
        }

        if (now.Spectrum > seen.Spectrum && previews.Spectral is { } spectral)
        {
            update["spectrum"] = new JsonObject
            {
                ["version"] = now.Spectrum,
                ["energies_ev"] = new JsonArray([.. spectral.Preview.EnergiesEv.Select(Number)]),
                ["values"] = new JsonArray([.. spectral.Spectrum.Select(Number)]),
                ["region"] = spectral.Region is { } r ? new JsonArray(r.X0, r.Y0, r.X1, r.Y1) : null,
                ["edge_map_note"] = spectral.Preview.EdgeMapNote,
            };
        }

        return update;
    }

    private static JsonObject? Slices(PreviewSubscription previews, int version)
    {
        if (previews.Slices is { } shown)
        {
            return new JsonObject
            {
                ["version"] = version,
                ["source"] = shown.Source,
                ["z"] = shown.Slices.Z,
                ["y"] = shown.Slices.Y,
                ["x"] = shown.Slices.X,
                ["size"] = shown.Slices.Size,
                ["rows"] = shown.Slices.Rows,
                ["projections"] = shown.Slices.Projections,
                ["frame_left_ms"] = Number(shown.FrameLeftMs),
                ["energy_ev"] = shown.EnergyEv is { } energy ? Number(energy) : null,
                ["axial"] = Image(MonitorImage.Binned(shown.Slices.Axial, shown.Slices.Size, shown.Slices.Size)),
                ["at_y"] = Image(MonitorImage.Binned(shown.Slices.AtConstantY, shown.Slices.Rows, shown.Slices.Size)),
                ["at_x"] = Image(MonitorImage.Binned(shown.Slices.AtConstantX, shown.Slices.Rows, shown.Slices.Size)),
            };
        }

        if (previews.Spectral is { } spectral && spectral.Preview.Slices.Count > 0)
        {
            return new JsonObject
            {
                ["version"] = version,
                ["source"] = "live",
                ["z"] = spectral.Preview.Slice,
                ["size"] = spectral.Preview.Size,
                ["energy_ev"] = Number(spectral.Preview.EnergiesEv[^1]),
                ["frame_left_ms"] = Number(spectral.FrameLeftMs),
                ["axial"] = Image(MonitorImage.Binned(spectral.Preview.Slices[^1], spectral.Preview.Size, spectral.Preview.Size)),
            };
        }

        return null;
    }

    private static JsonObject Devices(MonitorView view)
    {
        JsonObject devices = view.Devices ?? [];
        if (view.LastFrame is { } frame)
        {
            devices["frame"] = new JsonObject
            {
                ["seq"] = frame.Frame.Seq,
                ["kind"] = frame.Frame.Kind.ToString().ToLowerInvariant(),
                ["angle_deg"] = Number(frame.Frame.AngleDeg),
                ["encoder_deg"] = Number(frame.EncoderDeg),
                ["energy_ev"] = Number(frame.Frame.EnergyEv),
                ["distance_index"] = frame.Frame.DistanceIndex,
                ["tile_index"] = frame.Frame.TileIndex,
                ["beam_current_a"] = Number(frame.I0),
                ["temperature_c"] = Number(frame.TemperatureC),
            };
        }

        return devices;
    }

    private static JsonObject Image(MonitorImage image) => new()
    {
        ["rows"] = image.Rows,
        ["columns"] = image.Columns,
        ["bin"] = image.Bin,
        ["data"] = image.Base64,
    };

    private static JsonValue? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}
