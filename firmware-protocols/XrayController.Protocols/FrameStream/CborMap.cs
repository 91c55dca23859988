using System.Formats.Cbor;

namespace XrayController.Protocols.FrameStream;

/// <summary>
/// The top-level map of one message, read into typed values by key. Only scalars, byte strings and arrays of scalars are
/// kept (anything deeper is skipped); duplicate keys and trailing bytes are errors.
/// </summary>
internal sealed class CborMap
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    private CborMap(string type) => Type = type;

    public string Type { get; private set; }

    public static CborMap Read(ReadOnlyMemory<byte> message)
    {
        var reader = new CborReader(message, CborConformanceMode.Lax);
        var map = new CborMap("message");
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            throw new FrameStreamException($"a message must be a CBOR map; this one starts with {reader.PeekState()}");
        }

        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            if (reader.PeekState() != CborReaderState.TextString)
            {
                throw new FrameStreamException($"map keys must be text strings; found {reader.PeekState()}");
            }

            string key = reader.ReadTextString();
            if (!map._values.TryAdd(key, ReadValue(reader, message, depth: 0)))
            {
                throw new FrameStreamException($"key '{key}' appears twice");
            }
        }

        reader.ReadEndMap();
        if (reader.BytesRemaining != 0)
        {
            throw new FrameStreamException($"{reader.BytesRemaining} bytes follow the message's map");
        }

        map.Type = map.Text("type");
        return map;
    }

    public string Text(string key) => Get<string>(key, "a text string");

    public string? OptionalText(string key) => Has(key) && _values[key] is not null ? Text(key) : null;

    public bool Boolean(string key) => Get<bool>(key, "true or false");

    public long Integer(string key, long min, long max)
    {
        long value = Get<long>(key, "an integer");
        return value >= min && value <= max ? value : throw Invalid(key, $"must be between {min} and {max}; got {value}");
    }

    /// <summary>A number: CBOR floats and integers both accepted (publishers in other languages write whole angles as integers).</summary>
    public double Number(string key) => _values.GetValueOrDefault(key) switch
    {
        double d => d,
        long l => l,
        _ => throw Missing(key, "a number"),
    };

    /// <summary>A number, or null when the value is CBOR null or NaN.</summary>
    public double? OptionalNumber(string key)
    {
        if (!Has(key) || _values[key] is null)
        {
            return null;
        }

        double value = Number(key);
        return double.IsNaN(value) ? null : value;
    }

    public IReadOnlyList<double> Numbers(string key)
    {
        List<object?> items = Get<List<object?>>(key, "an array of numbers");
        var values = new double[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            values[i] = items[i] switch
            {
                double d => d,
                long l => l,
                _ => throw Invalid(key, $"item {i} is not a number"),
            };
        }

        return values;
    }

    public ReadOnlyMemory<byte> Bytes(string key) => Get<ReadOnlyMemory<byte>>(key, "a byte string");

    public bool Has(string key) => _values.ContainsKey(key);

    public FrameStreamException Invalid(string key, string problem) => new($"{Type} message: '{key}' {problem}");

    private T Get<T>(string key, string expected) =>
        _values.TryGetValue(key, out object? value) && value is T typed ? typed : throw Missing(key, expected);

    private FrameStreamException Missing(string key, string expected) =>
        Has(key) ? Invalid(key, $"must be {expected}") : Invalid(key, "is required");

    private static object? ReadValue(CborReader reader, ReadOnlyMemory<byte> message, int depth)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.TextString:
                return reader.ReadTextString();
            case CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger:
                return reader.ReadInt64();
            case CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat or CborReaderState.DoublePrecisionFloat:
                return reader.ReadDouble();
            case CborReaderState.Boolean:
                return reader.ReadBoolean();
            case CborReaderState.Null:
                reader.ReadNull();
                return null;
            case CborReaderState.ByteString:
                return DefiniteByteString(reader, message);
            case CborReaderState.StartIndefiniteLengthByteString:
                return new ReadOnlyMemory<byte>(reader.ReadByteString());
            case CborReaderState.StartArray when depth == 0:
                var items = new List<object?>();
                reader.ReadStartArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    items.Add(ReadValue(reader, message, depth + 1));
                }

                reader.ReadEndArray();
                return items;
            default:
                reader.SkipValue();
                return Skipped.Value;
        }
    }

    /// <summary>
    /// A definite-length byte string as a slice of the message, without copying: its bytes are contiguous and end where
    /// the value ends; the header is 1 byte, plus 1, 2, 4 or 8 length bytes for additional-information values 24–27 (RFC 8949 §3).
    /// </summary>
    private static ReadOnlyMemory<byte> DefiniteByteString(CborReader reader, ReadOnlyMemory<byte> message)
    {
        int start = message.Length - reader.BytesRemaining;
        int additional = message.Span[start] & 0x1f;
        int header = additional switch
        {
            < 24 => 1,
            24 => 2,
            25 => 3,
            26 => 5,
            _ => 9,
        };
        reader.SkipValue();
        int end = message.Length - reader.BytesRemaining;
        return message[(start + header)..end];
    }

    /// <summary>A value of a kind the format never uses (nested containers, tags, undefined); kept so that the key still counts as present.</summary>
    private sealed class Skipped
    {
        public static readonly Skipped Value = new();
    }
}
