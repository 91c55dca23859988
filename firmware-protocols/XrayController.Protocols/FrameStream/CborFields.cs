using System.Formats.Cbor;

namespace XrayController.Protocols.FrameStream;

/// <summary>Writes one key and its value into a CBOR map, as the stream formats spell them (text keys, [rows, columns] shapes).</summary>
internal static class CborFields
{
    public static void Text(CborWriter writer, string key, string value)
    {
        writer.WriteTextString(key);
        writer.WriteTextString(value);
    }

    public static void Integer(CborWriter writer, string key, long value)
    {
        writer.WriteTextString(key);
        writer.WriteInt64(value);
    }

    /// <summary>A double, or CBOR null when unknown (null or NaN), so that readers in any language see "no value" plainly.</summary>
    public static void Number(CborWriter writer, string key, double? value)
    {
        writer.WriteTextString(key);
        if (value is { } v && !double.IsNaN(v))
        {
            writer.WriteDouble(v);
        }
        else
        {
            writer.WriteNull();
        }
    }

    public static void Numbers(CborWriter writer, string key, IReadOnlyList<double> values)
    {
        writer.WriteTextString(key);
        writer.WriteStartArray(values.Count);
        foreach (double value in values)
        {
            writer.WriteDouble(value);
        }

        writer.WriteEndArray();
    }

    public static void Shape(CborWriter writer, int rows, int columns)
    {
        writer.WriteTextString("shape");
        writer.WriteStartArray(2);
        writer.WriteInt32(rows);
        writer.WriteInt32(columns);
        writer.WriteEndArray();
    }
}
