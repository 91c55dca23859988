using System.Formats.Cbor;
using XrayController.Protocols.FrameStream;

namespace XrayController.Protocols.Tests;

public class FrameStreamCodecTests
{
    private static readonly StreamStart Start = new(
        "4f1c", "demo", "parallel-ct", "demo", true, 210, 180, 20, 10, 128, 128, "uint16", 0.01, 1, 0.65, 6.5, 63.75,
        "parallel", null, null, [0.0, 1.0, 2.5], [], [], [], "2026-11-24T20:00:00Z");

    private static StreamImage Image(int rows = 2, int columns = 3) =>
        new("4f1c", 17, 0, 45.5, 8333.0, 1, 2, 3.25, rows, columns, "uint16", Enumerable.Range(0, rows * columns * 2).Select(i => (byte)i).ToArray());

    [Fact]
    public void Start_message_round_trips()
    {
        var decoded = (StreamStart)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(Start));

        Assert.Equal(Start with { AnglesDeg = decoded.AnglesDeg, EnergiesEv = decoded.EnergiesEv, DistancesMm = decoded.DistancesMm, TilePositionsMm = decoded.TilePositionsMm }, decoded);
        Assert.Equal(Start.AnglesDeg, decoded.AnglesDeg);
        Assert.Empty(decoded.EnergiesEv);
    }

    [Fact]
    public void The_optional_raw_file_round_trips_and_may_be_absent()
    {
        var withFile = (StreamStart)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(Start with { RawFile = "/data/scan.h5" }));
        var without = (StreamStart)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(Start));

        Assert.Equal("/data/scan.h5", withFile.RawFile);
        Assert.Null(without.RawFile);
    }

    [Fact]
    public void Image_message_round_trips_with_its_pixels()
    {
        StreamImage image = Image();

        var decoded = (StreamImage)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(image));

        Assert.Equal(image.Data.ToArray(), decoded.Data.ToArray());
        Assert.Equal(image with { Data = decoded.Data }, decoded);
    }

    [Fact]
    public void End_message_round_trips()
    {
        var end = new StreamEnd("4f1c", 210, "aborted", "stopped by the user");

        Assert.Equal(end, FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(end)));
    }

    [Fact]
    public void An_unknown_pixel_size_travels_as_null_and_comes_back_as_nan()
    {
        var decoded = (StreamStart)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(Start with { PixelSizeUm = double.NaN }));

        Assert.True(double.IsNaN(decoded.PixelSizeUm));
    }

    [Fact]
    public void A_changing_magnification_travels_with_its_image_and_is_absent_otherwise()
    {
        var with = (StreamImage)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(Image() with { Magnification = 447.3 }));
        var without = (StreamImage)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(Image()));

        Assert.Equal(447.3, with.Magnification);
        Assert.Null(without.Magnification);
    }

    [Fact]
    public void A_holograms_propagation_distance_travels_with_it_and_is_absent_otherwise()
    {
        var with = (StreamImage)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(Image() with { Magnification = 34.514, PropagationDistanceMm = 33.986 }));
        var without = (StreamImage)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(Image() with { Magnification = 34.514 }));

        Assert.Equal(33.986, with.PropagationDistanceMm);
        Assert.Equal(34.514, with.Magnification);
        Assert.Null(without.PropagationDistanceMm);
    }

    [Fact]
    public void Unknown_energy_travels_as_null()
    {
        var decoded = (StreamImage)FrameStreamDecoder.Decode(FrameStreamEncoder.Encode(Image() with { EnergyEv = null }));

        Assert.Null(decoded.EnergyEv);
    }

    [Fact]
    public void A_message_from_another_writer_decodes_with_unknown_keys_ignored_and_integer_angles()
    {
        byte[] message = Map(w =>
        {
            Pair(w, "data", new byte[] { 1, 0, 2, 0 });
            Pair(w, "vendor_extra", "ignored");
            Pair(w, "shape", new[] { 1L, 2L });
            Pair(w, "dtype", "uint16");
            Pair(w, "type", "image");
            Pair(w, "version", "xrc-stream/1");
            Pair(w, "series_unique_id", "abc");
            Pair(w, "seq", 0L);
            Pair(w, "image_key", 2L);
            Pair(w, "rotation_angle_deg", 90L);
            Pair(w, "energy_ev", (object?)null);
            Pair(w, "distance_index", 0L);
            Pair(w, "tile_index", 0L);
            Pair(w, "timestamp_s", 0.5);
        });

        var image = (StreamImage)FrameStreamDecoder.Decode(message);

        Assert.Equal(90.0, image.RotationAngleDeg);
        Assert.Equal(2, image.ImageKey);
        Assert.Equal(new byte[] { 1, 0, 2, 0 }, image.Data.ToArray());
    }

    [Theory]
    [InlineData("version", "xrc-stream/2", "'version' is 'xrc-stream/2'")]
    [InlineData("type", "frame", "'type' is 'frame'")]
    [InlineData("seq", -1L, "'seq' must be between 0")]
    [InlineData("image_key", 4L, "'image_key' must be between 0 and 3")]
    [InlineData("rotation_angle_deg", "ninety", "'rotation_angle_deg' must be a number")]
    [InlineData("dtype", "int64", "'dtype' 'int64' is not supported")]
    [InlineData("shape", "2x3", "'shape' must be an array of numbers")]
    public void A_bad_value_is_named_by_its_key(string key, object value, string expected)
    {
        byte[] message = ImageWith(key, value);

        FrameStreamException error = Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(message));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_that_does_not_match_shape_and_dtype_is_rejected()
    {
        byte[] message = ImageWith("shape", new[] { 2L, 4L });

        FrameStreamException error = Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(message));

        Assert.Contains("holds 12 bytes; shape [2, 4] of uint16 needs 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_shape_is_rejected_before_anything_is_allocated()
    {
        FrameStreamException error = Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(ImageWith("shape", new[] { 100000L, 100000L })));

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_keys_are_reported()
    {
        byte[] message = Map(w => Pair(w, "type", "end"));

        FrameStreamException error = Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(message));

        Assert.Equal("end message: 'version' is required", error.Message);
    }

    [Fact]
    public void Structural_damage_is_reported_as_a_stream_error()
    {
        byte[] valid = FrameStreamEncoder.Encode(Image());
        byte[] truncated = valid[..^3];
        byte[] trailing = [.. valid, 0x00];
        byte[] array = [0x82, 0x01, 0x02];
        byte[] numericKey = Map(w => Pair(w, 1L, "x"));
        byte[] duplicate = Map(w =>
        {
            Pair(w, "type", "end");
            Pair(w, "type", "end");
        });

        Assert.Contains("not a valid CBOR", Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(truncated)).Message, StringComparison.Ordinal);
        Assert.Contains("bytes follow", Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(trailing)).Message, StringComparison.Ordinal);
        Assert.Contains("must be a CBOR map", Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(array)).Message, StringComparison.Ordinal);
        Assert.Contains("keys must be text", Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(numericKey)).Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(duplicate)).Message, StringComparison.Ordinal);
        Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(Array.Empty<byte>()));
    }

    [Fact]
    public void Every_prefix_of_a_valid_message_is_rejected_cleanly()
    {
        byte[] valid = FrameStreamEncoder.Encode(Start);

        for (int length = 0; length < valid.Length; length++)
        {
            Assert.Throws<FrameStreamException>(() => FrameStreamDecoder.Decode(valid.AsMemory(0, length)));
        }
    }

    private static byte[] ImageWith(string key, object value)
    {
        var fields = new Dictionary<string, object?>
        {
            ["type"] = "image",
            ["version"] = "xrc-stream/1",
            ["series_unique_id"] = "s",
            ["seq"] = 1L,
            ["image_key"] = 0L,
            ["rotation_angle_deg"] = 1.5,
            ["energy_ev"] = null,
            ["distance_index"] = 0L,
            ["tile_index"] = 0L,
            ["timestamp_s"] = 0.0,
            ["shape"] = new[] { 2L, 3L },
            ["dtype"] = "uint16",
            ["data"] = new byte[12],
        };
        fields[key] = value;
        return Map(w =>
        {
            foreach ((string k, object? v) in fields)
            {
                Pair(w, k, v);
            }
        });
    }

    private static byte[] Map(Action<CborWriter> body)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(null);
        body(writer);
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void Pair(CborWriter writer, object key, object? value)
    {
        Write(writer, key);
        Write(writer, value);
    }

    private static void Write(CborWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull();
                break;
            case string s:
                writer.WriteTextString(s);
                break;
            case long l:
                writer.WriteInt64(l);
                break;
            case double d:
                writer.WriteDouble(d);
                break;
            case byte[] b:
                writer.WriteByteString(b);
                break;
            case long[] items:
                writer.WriteStartArray(items.Length);
                foreach (long item in items)
                {
                    writer.WriteInt64(item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"cannot write {value.GetType()}", nameof(value));
        }
    }
}
