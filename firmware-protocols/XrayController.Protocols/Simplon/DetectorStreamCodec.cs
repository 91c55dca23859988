using System.Formats.Cbor;
using XrayController.Protocols.FrameStream;
using static XrayController.Protocols.FrameStream.CborFields;

namespace XrayController.Protocols.Simplon;

/// <summary>
/// Encodes and decodes the detector stream: one CBOR map per ZeroMQ message, text keys, modelled on Dectris Stream V2
/// with the image data flattened into one byte string (see <c>simplon-detector.md</c>).
/// </summary>
public static class DetectorStreamCodec
{
    public const string Start = "start";
    public const string Image = "image";
    public const string End = "end";
    public const string Dtype = "uint16";

    public static byte[] Encode(DetectorStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new CborWriter(CborConformanceMode.Lax, initialCapacity: message is DetectorStreamImage image ? image.Data.Length + 256 : 256);
        switch (message)
        {
            case DetectorStreamStart start:
                writer.WriteStartMap(9);
                Header(writer, Start, start.SeriesId);
                Shape(writer, start.Rows, start.Columns);
                Number(writer, "count_time", start.CountTimeS);
                Number(writer, "frame_time", start.FrameTimeS);
                Integer(writer, "number_of_images", start.Images);
                Integer(writer, "number_of_triggers", start.Triggers);
                Text(writer, "trigger_mode", start.TriggerMode);
                Text(writer, "dtype", Dtype);
                break;
            case DetectorStreamImage frame:
                writer.WriteStartMap(8);
                Header(writer, Image, frame.SeriesId);
                Integer(writer, "image_id", frame.ImageId);
                Integer(writer, "start_time_ns", frame.StartTimeNs);
                Integer(writer, "stop_time_ns", frame.StopTimeNs);
                Shape(writer, frame.Rows, frame.Columns);
                Text(writer, "dtype", Dtype);
                writer.WriteTextString("data");
                writer.WriteByteString(frame.Data.Span);
                break;
            case DetectorStreamEnd:
                writer.WriteStartMap(2);
                Header(writer, End, message.SeriesId);
                break;
            default:
                throw new ArgumentException($"unknown message type {message.GetType().Name}", nameof(message));
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Decodes one message; every problem is a <see cref="DetectorStreamException"/> naming the key.</summary>
    public static DetectorStreamMessage Decode(ReadOnlyMemory<byte> message)
    {
        try
        {
            CborMap map = CborMap.Read(message);
            long series = map.Integer("series_id", 0, long.MaxValue);
            return map.Type switch
            {
                Start => new DetectorStreamStart(
                    series,
                    Dimension(map, 0),
                    Dimension(map, 1),
                    map.Number("count_time"),
                    map.Number("frame_time"),
                    map.Integer("number_of_images", 0, int.MaxValue),
                    map.Integer("number_of_triggers", 0, int.MaxValue),
                    map.Text("trigger_mode")),
                Image => DecodeImage(map, series),
                End => new DetectorStreamEnd(series),
                _ => throw map.Invalid("type", $"must be start, image or end; got '{map.Type}'"),
            };
        }
        catch (Exception e) when (e is FrameStreamException or CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new DetectorStreamException($"detector stream: {e.Message}", e);
        }
    }

    private static DetectorStreamImage DecodeImage(CborMap map, long series)
    {
        int rows = Dimension(map, 0);
        int columns = Dimension(map, 1);
        string dtype = map.Text("dtype");
        if (dtype != Dtype)
        {
            throw map.Invalid("dtype", $"must be {Dtype}; got '{dtype}'");
        }

        ReadOnlyMemory<byte> data = map.Bytes("data");
        long expected = (long)rows * columns * sizeof(ushort);
        if (data.Length != expected)
        {
            throw map.Invalid("data", $"holds {data.Length} bytes; a {rows} x {columns} uint16 image needs {expected}");
        }

        return new DetectorStreamImage(
            series,
            map.Integer("image_id", 0, long.MaxValue),
            map.Integer("start_time_ns", 0, long.MaxValue),
            map.Integer("stop_time_ns", 0, long.MaxValue),
            rows,
            columns,
            data);
    }

    private static int Dimension(CborMap map, int index)
    {
        IReadOnlyList<double> shape = map.Numbers("shape");
        if (shape.Count != 2 || shape[index] < 1 || shape[index] > 65536 || shape[index] != Math.Floor(shape[index]))
        {
            throw map.Invalid("shape", "must be [rows, columns], each a whole number from 1 to 65536");
        }

        return (int)shape[index];
    }

    private static void Header(CborWriter writer, string type, long series)
    {
        writer.WriteTextString("type");
        writer.WriteTextString(type);
        Integer(writer, "series_id", series);
    }
}
