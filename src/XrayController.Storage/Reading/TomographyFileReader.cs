using PureHDF;
using PureHDF.VOL.Native;

namespace XrayController.Storage.Reading;

/// <summary>
/// Opens Data Exchange and NXtomo files, from this program or others (h5py, dxchange, nabu), and checks them: frame
/// stacks of rank 3 and one frame shape, one angle per projection, flats present. Angles are in degrees unless the
/// dataset's <c>units</c> attribute says radians. Our files also give each frame's place in the acquisition
/// (<c>/measurement/frames</c>), which lets flats be chosen or interpolated by time; files without it are read with
/// all flats as one set. Every problem is an <see cref="InvalidDataException"/> naming the file and dataset.
/// </summary>
public static class TomographyFileReader
{
    public static TomographyFile Open(string path)
    {
        string name = Path.GetFileName(path);
        NativeFile file = Guard(name, () => H5File.OpenRead(path));
        try
        {
            return Guard(name, () => OpenLayout(file, name));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static TomographyFile OpenLayout(NativeFile file, string name)
    {
        if (file.LinkExists("/exchange/data"))
        {
            return DataExchange.Open(file, name);
        }

        return NxTomo.TryOpen(file, name)
            ?? throw new InvalidDataException($"{name} is neither Data Exchange (no /exchange/data) nor NXtomo (no entry with instrument/detector/data and image_key)");
    }

    /// <summary>
    /// How much larger than the file its frames may be: deflate compresses at most about 1000 to 1, so a stack that
    /// claims more is a damaged header, refused before anything is allocated for it.
    /// </summary>
    internal const double MaxCompression = 1100;

    internal static (int Frames, int Rows, int Columns) StackShape(IH5Dataset stack, string what, long fileBytes)
    {
        ulong[] dims = stack.Space.Dimensions;
        if (dims.Length != 3 || dims.Any(d => d == 0 || d > int.MaxValue))
        {
            throw new InvalidDataException($"{what} must be a stack of frames [frames, rows, columns]; it is [{string.Join(", ", dims)}]");
        }

        double bytes = (double)dims[0] * dims[1] * dims[2] * Math.Max(1, (int)stack.Type.Size);
        if (bytes > MaxCompression * fileBytes)
        {
            throw new InvalidDataException($"{what} claims [{string.Join(", ", dims)}] values of {stack.Type.Size} bytes, more than the {fileBytes}-byte file can hold even compressed");
        }

        return ((int)dims[0], (int)dims[1], (int)dims[2]);
    }

    /// <summary>The size of the file behind an open HDF5 file, for <see cref="StackShape"/>.</summary>
    internal static long Length(NativeFile file) => file.Path is { } path && File.Exists(path) ? new FileInfo(path).Length : long.MaxValue / 2048;

    /// <summary>
    /// Runs a read of an HDF5 file: whatever the HDF5 library throws on a damaged file (it throws plain exceptions,
    /// index and overflow errors, and out-of-memory on a size read from a damaged header: fuzzing found a corrupt
    /// global-heap length asking for an array beyond .NET's limit) becomes an <see cref="InvalidDataException"/> naming
    /// what was being read; I/O errors (a missing or truncated file) stay what they are.
    /// </summary>
    internal static T Guard<T>(string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not InvalidDataException and not IOException and not UnauthorizedAccessException and not OperationCanceledException)
        {
            throw new InvalidDataException($"{what}: damaged or not the HDF5 expected ({e.GetType().Name}: {e.Message})", e);
        }
    }

    internal static double[] Angles(IH5Dataset angles, int expected, string what)
    {
        double[] values = ElementReader.ReadVector(angles, what);
        if (values.Length != expected)
        {
            throw new InvalidDataException($"{what} has {values.Length} angles for {expected} projections");
        }

        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new InvalidDataException($"{what} holds a value that is not a finite number");
        }

        string units = angles.AttributeExists("units") ? angles.Attribute("units").Read<string>().Trim().ToLowerInvariant() : "degrees";
        return units is "rad" or "radian" or "radians" ? [.. values.Select(v => v * 180 / Math.PI)] : values;
    }

    /// <summary>An attribute of <paramref name="count"/> finite numbers, or null when absent; anything else is refused naming it.</summary>
    internal static double[]? OptionalVector(IH5Group group, string path, string attribute, int count)
    {
        if (!group.LinkExists(path) || !group.Get(path).AttributeExists(attribute))
        {
            return null;
        }

        double[] values = group.Get(path).Attribute(attribute).Read<double[]>();
        return values.Length == count && values.All(double.IsFinite) ? values
            : throw new InvalidDataException($"{path} attribute {attribute} holds {values.Length} values, not {count} finite numbers");
    }

    internal static double? OptionalAttribute(IH5Group group, string path, string attribute)
    {
        if (!group.LinkExists(path))
        {
            return null;
        }

        IH5Object target = group.Get(path);
        return target.AttributeExists(attribute) ? target.Attribute(attribute).Read<double>() : null;
    }
}
