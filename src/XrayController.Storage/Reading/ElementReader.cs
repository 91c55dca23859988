using PureHDF;
using PureHDF.Selections;

namespace XrayController.Storage.Reading;

/// <summary>Reads a numeric dataset of any common pixel type as float.</summary>
public static class ElementReader
{
    public static float[] ReadAsFloat(IH5Dataset dataset, Selection selection, string what) =>
        TomographyFileReader.Guard(what, () => ReadFloats(dataset, selection, what));

    /// <summary>
    /// A reconstructed volume's values as floats, whatever their stored type, with the CF convention's
    /// <c>scale_factor</c> and <c>add_offset</c> applied when the dataset has them (16-bit integer volumes).
    /// </summary>
    public static float[] ReadVolume(IH5Dataset dataset, Selection selection, string what)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        float[] values = ReadAsFloat(dataset, selection, what);
        double scale = dataset.AttributeExists("scale_factor") ? TomographyFileReader.Guard(what, () => dataset.Attribute("scale_factor").Read<double>()) : 1;
        double offset = dataset.AttributeExists("add_offset") ? TomographyFileReader.Guard(what, () => dataset.Attribute("add_offset").Read<double>()) : 0;
        if (!double.IsFinite(scale) || !double.IsFinite(offset))
        {
            throw new InvalidDataException($"{what}: scale_factor {scale} and add_offset {offset} must be finite");
        }

        if (scale != 1 || offset != 0)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)((values[i] * scale) + offset);
            }
        }

        return values;
    }

    /// <summary>
    /// A volume's values read into the first <paramref name="count"/> elements of <paramref name="buffer"/> (the
    /// selection's size): float32 without scale or offset straight from the file, any other type through
    /// <see cref="ReadVolume"/>.
    /// </summary>
    public static void ReadVolumeInto(IH5Dataset dataset, Selection selection, float[] buffer, int count, string what)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(buffer);
        if (ReadsInPlace(dataset))
        {
            TomographyFileReader.Guard(what, () =>
            {
                dataset.Read(buffer, selection, new HyperslabSelection(0, (ulong)count), [(ulong)buffer.Length]);
                return true;
            });
        }
        else
        {
            ReadVolume(dataset, selection, what).CopyTo(buffer, 0);
        }
    }

    /// <summary>Whether <see cref="ReadVolumeInto"/> reads the dataset with no array of its own: float32 with no scale or offset.</summary>
    public static bool ReadsInPlace(IH5Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.Type.Class == H5DataTypeClass.FloatingPoint && dataset.Type.Size == 4 && !dataset.AttributeExists("scale_factor") && !dataset.AttributeExists("add_offset");
    }

    /// <summary>A numeric attribute of a dataset as a double (float32 read as such), or null when the dataset has none of that name.</summary>
    public static double? ReadNumberAttribute(IH5Dataset dataset, string name)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!dataset.AttributeExists(name))
        {
            return null;
        }

        IH5Attribute attribute = dataset.Attribute(name);
        return attribute.Type.Class == H5DataTypeClass.FloatingPoint && attribute.Type.Size == 4 ? attribute.Read<float>() : attribute.Read<double>();
    }

    public static double[] ReadVector(IH5Dataset dataset, string what) =>
        TomographyFileReader.Guard(what, () => ReadDoubles(dataset, what));

    private static float[] ReadFloats(IH5Dataset dataset, Selection selection, string what)
    {
        IH5DataType type = dataset.Type;
        return (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FixedPoint, 1) when !type.FixedPoint.IsSigned => Convert(dataset.Read<byte[]>(selection)),
            (H5DataTypeClass.FixedPoint, 2) when !type.FixedPoint.IsSigned => Convert(dataset.Read<ushort[]>(selection)),
            (H5DataTypeClass.FixedPoint, 2) => Convert(dataset.Read<short[]>(selection)),
            (H5DataTypeClass.FixedPoint, 4) when !type.FixedPoint.IsSigned => Convert(dataset.Read<uint[]>(selection)),
            (H5DataTypeClass.FixedPoint, 4) => Convert(dataset.Read<int[]>(selection)),
            (H5DataTypeClass.FloatingPoint, 4) => dataset.Read<float[]>(selection),
            (H5DataTypeClass.FloatingPoint, 2) => [.. dataset.Read<Half[]>(selection).Select(h => (float)h)],
            (H5DataTypeClass.FloatingPoint, 8) => Convert(dataset.Read<double[]>(selection)),
            _ => throw new InvalidDataException($"{what} holds {type.Class} values of {type.Size} bytes; frames must be unsigned 8/16/32-bit, signed 16/32-bit integers or 16/32/64-bit floats"),
        };
    }

    private static double[] ReadDoubles(IH5Dataset dataset, string what)
    {
        if (dataset.Space.Rank != 1)
        {
            throw new InvalidDataException($"{what} must be one-dimensional; it has rank {dataset.Space.Rank}");
        }

        IH5DataType type = dataset.Type;
        return (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 8) => dataset.Read<double[]>(),
            (H5DataTypeClass.FloatingPoint, 4) => [.. dataset.Read<float[]>().Select(v => (double)v)],
            (H5DataTypeClass.FixedPoint, 4) when type.FixedPoint.IsSigned => [.. dataset.Read<int[]>().Select(v => (double)v)],
            (H5DataTypeClass.FixedPoint, 8) when type.FixedPoint.IsSigned => [.. dataset.Read<long[]>().Select(v => (double)v)],
            (H5DataTypeClass.FixedPoint, 1) when !type.FixedPoint.IsSigned => [.. dataset.Read<byte[]>().Select(v => (double)v)],
            (H5DataTypeClass.FixedPoint, 2) when !type.FixedPoint.IsSigned => [.. dataset.Read<ushort[]>().Select(v => (double)v)],
            _ => throw new InvalidDataException($"{what} holds {type.Class} values of {type.Size} bytes; expected numbers"),
        };
    }

    private static float[] Convert<T>(T[] values)
        where T : System.Numerics.INumber<T> => [.. values.Select(float.CreateTruncating)];
}
