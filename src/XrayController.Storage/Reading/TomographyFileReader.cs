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
        NativeFile file = H5File.OpenRead(path);
        try
        {
            string name = Path.GetFileName(path);
            if (file.LinkExists("/exchange/data"))
            {
                return DataExchange.Open(file, name);
            }

            return NxTomo.TryOpen(file, name)
                ?? throw new InvalidDataException($"{name} is neither Data Exchange (no /exchange/data) nor NXtomo (no entry with instrument/detector/data and image_key)");
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    internal static (int Frames, int Rows, int Columns) StackShape(IH5Dataset stack, string what)
    {
        ulong[] dims = stack.Space.Dimensions;
        if (dims.Length != 3 || dims.Any(d => d == 0 || d > int.MaxValue))
        {
            throw new InvalidDataException($"{what} must be a stack of frames [frames, rows, columns]; it is [{string.Join(", ", dims)}]");
        }

        return ((int)dims[0], (int)dims[1], (int)dims[2]);
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
