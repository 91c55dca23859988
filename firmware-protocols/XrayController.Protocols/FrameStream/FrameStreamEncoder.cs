using System.Formats.Cbor;
using static XrayController.Protocols.FrameStream.CborFields;

namespace XrayController.Protocols.FrameStream;

/// <summary>Encodes frame-stream messages as CBOR maps with text keys, as <c>frame-stream.md</c> specifies.</summary>
public static class FrameStreamEncoder
{
    private const int HeaderAllowanceBytes = 512;

    public static byte[] Encode(StreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message switch
        {
            StreamStart start => EncodeStart(start),
            StreamImage image => EncodeImage(image),
            StreamEnd end => EncodeEnd(end),
            _ => throw new ArgumentException($"unknown message type {message.GetType().Name}", nameof(message)),
        };
    }

    private static byte[] EncodeStart(StreamStart start)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, initialCapacity: HeaderAllowanceBytes + (8 * (start.AnglesDeg.Count + start.EnergiesEv.Count)));
        writer.WriteStartMap(start.RawFile is null ? 26 : 27);
        WriteHeader(writer, FrameStreamFormat.Start, start.SeriesUniqueId);
        Text(writer, "plan_name", start.PlanName);
        Text(writer, "technique", start.Technique);
        Text(writer, "instrument", start.Instrument);
        writer.WriteTextString("simulated");
        writer.WriteBoolean(start.Simulated);
        Integer(writer, "frame_count", start.FrameCount);
        Integer(writer, "projection_count", start.ProjectionCount);
        Integer(writer, "flat_count", start.FlatCount);
        Integer(writer, "dark_count", start.DarkCount);
        Shape(writer, start.Rows, start.Columns);
        Text(writer, "dtype", start.Dtype);
        Number(writer, "exposure_s", start.ExposureS);
        Integer(writer, "binning", start.Binning);
        Number(writer, "pixel_size_um", start.PixelSizeUm);
        Number(writer, "detector_pixel_size_um", start.DetectorPixelSizeUm);
        Number(writer, "rotation_axis_px", start.RotationAxisPx);
        Text(writer, "beam", start.Beam);
        Number(writer, "source_to_object_mm", start.SourceToObjectMm);
        Number(writer, "source_to_detector_mm", start.SourceToDetectorMm);
        Numbers(writer, "angles_deg", start.AnglesDeg);
        Numbers(writer, "energies_ev", start.EnergiesEv);
        Numbers(writer, "distances_mm", start.DistancesMm);
        Numbers(writer, "tile_positions_mm", start.TilePositionsMm);
        Text(writer, "start_time", start.StartTime);
        if (start.RawFile is not null)
        {
            Text(writer, "raw_file", start.RawFile);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    private static byte[] EncodeImage(StreamImage image)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, initialCapacity: HeaderAllowanceBytes + image.Data.Length);
        writer.WriteStartMap(13 + (image.Magnification is null ? 0 : 1) + (image.PropagationDistanceMm is null ? 0 : 1));
        WriteHeader(writer, FrameStreamFormat.Image, image.SeriesUniqueId);
        Integer(writer, "seq", image.Seq);
        Integer(writer, "image_key", image.ImageKey);
        Number(writer, "rotation_angle_deg", image.RotationAngleDeg);
        Number(writer, "energy_ev", image.EnergyEv);
        Integer(writer, "distance_index", image.DistanceIndex);
        Integer(writer, "tile_index", image.TileIndex);
        Number(writer, "timestamp_s", image.TimestampS);
        Shape(writer, image.Rows, image.Columns);
        Text(writer, "dtype", image.Dtype);
        if (image.Magnification is { } magnification)
        {
            Number(writer, "magnification", magnification);
        }

        if (image.PropagationDistanceMm is { } propagation)
        {
            Number(writer, "propagation_distance_mm", propagation);
        }

        writer.WriteTextString("data");
        writer.WriteByteString(image.Data.Span);
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static byte[] EncodeEnd(StreamEnd end)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, initialCapacity: HeaderAllowanceBytes);
        writer.WriteStartMap(6);
        WriteHeader(writer, FrameStreamFormat.End, end.SeriesUniqueId);
        Integer(writer, "frame_count", end.FrameCount);
        Text(writer, "status", end.Status);
        writer.WriteTextString("reason");
        if (end.Reason is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteTextString(end.Reason);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void WriteHeader(CborWriter writer, string type, string seriesUniqueId)
    {
        Text(writer, "type", type);
        Text(writer, "version", FrameStreamFormat.Version);
        Text(writer, "series_unique_id", seriesUniqueId);
    }
}
