using System.Formats.Cbor;

namespace XrayController.Protocols.FrameStream;

/// <summary>
/// Decodes and checks one frame-stream message. Keys the format does not define are ignored; everything else is checked
/// (types, ranges, version, the data length against shape and dtype) and any problem is a <see cref="FrameStreamException"/>
/// naming the message type and key. Image data is not copied: it refers into the message buffer.
/// </summary>
public static class FrameStreamDecoder
{
    public static StreamMessage Decode(ReadOnlyMemory<byte> message)
    {
        CborMap map;
        try
        {
            map = CborMap.Read(message);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new FrameStreamException($"not a valid CBOR message: {e.Message}", e);
        }

        string version = map.Text("version");
        if (version != FrameStreamFormat.Version)
        {
            throw map.Invalid("version", $"is '{version}'; this reader understands '{FrameStreamFormat.Version}'");
        }

        string series = map.Text("series_unique_id");
        return map.Type switch
        {
            FrameStreamFormat.Start => DecodeStart(map, series),
            FrameStreamFormat.Image => DecodeImage(map, series),
            FrameStreamFormat.End => new StreamEnd(series, map.Integer("frame_count", 0, long.MaxValue), map.Text("status"), map.OptionalText("reason")),
            _ => throw map.Invalid("type", $"is '{map.Type}'; expected start, image or end"),
        };
    }

    private static StreamStart DecodeStart(CborMap map, string series)
    {
        (int rows, int columns) = Shape(map);
        string dtype = Dtype(map);
        return new StreamStart(
            series,
            map.Text("plan_name"),
            map.Text("technique"),
            map.Text("instrument"),
            map.Boolean("simulated"),
            (int)map.Integer("frame_count", 0, int.MaxValue),
            (int)map.Integer("projection_count", 0, int.MaxValue),
            (int)map.Integer("flat_count", 0, int.MaxValue),
            (int)map.Integer("dark_count", 0, int.MaxValue),
            rows,
            columns,
            dtype,
            map.Number("exposure_s"),
            (int)map.Integer("binning", 1, 64),
            map.OptionalNumber("pixel_size_um") ?? double.NaN,
            map.Number("detector_pixel_size_um"),
            map.OptionalNumber("rotation_axis_px"),
            map.Text("beam"),
            map.OptionalNumber("source_to_object_mm"),
            map.OptionalNumber("source_to_detector_mm"),
            map.Numbers("angles_deg"),
            map.Numbers("energies_ev"),
            map.Numbers("distances_mm"),
            map.Numbers("tile_positions_mm"),
            map.Text("start_time"),
            map.OptionalText("raw_file"));
    }

    private static StreamImage DecodeImage(CborMap map, string series)
    {
        (int rows, int columns) = Shape(map);
        string dtype = Dtype(map);
        ReadOnlyMemory<byte> data = map.Bytes("data");
        long expected = (long)rows * columns * FrameStreamFormat.BytesPerPixel(dtype);
        if (data.Length != expected)
        {
            throw map.Invalid("data", $"holds {data.Length} bytes; shape [{rows}, {columns}] of {dtype} needs {expected}");
        }

        return new StreamImage(
            series,
            map.Integer("seq", 0, long.MaxValue),
            (int)map.Integer("image_key", 0, 3),
            map.Number("rotation_angle_deg"),
            map.OptionalNumber("energy_ev"),
            (int)map.Integer("distance_index", 0, int.MaxValue),
            (int)map.Integer("tile_index", 0, int.MaxValue),
            map.Number("timestamp_s"),
            rows,
            columns,
            dtype,
            data,
            map.OptionalNumber("magnification"),
            map.OptionalNumber("propagation_distance_mm"));
    }

    private static (int Rows, int Columns) Shape(CborMap map)
    {
        IReadOnlyList<double> shape = map.Numbers("shape");
        if (shape.Count != 2 || shape.Any(d => d < 1 || d != Math.Floor(d) || d > int.MaxValue))
        {
            throw map.Invalid("shape", "must be [rows, columns] of positive integers");
        }

        if (shape[0] * shape[1] > FrameStreamFormat.MaxPixels)
        {
            throw map.Invalid("shape", $"[{shape[0]}, {shape[1]}] exceeds the {FrameStreamFormat.MaxPixels}-pixel limit");
        }

        return ((int)shape[0], (int)shape[1]);
    }

    private static string Dtype(CborMap map)
    {
        string dtype = map.Text("dtype");
        return FrameStreamFormat.BytesPerPixel(dtype) > 0 ? dtype : throw map.Invalid("dtype", $"'{dtype}' is not supported; use uint16 or float32");
    }
}
