using PureHDF;
using PureHDF.VOL.Native;

namespace XrayController.Storage.Reading;

/// <summary>
/// Reads the NXtomo layout: an entry holding one frame stack (<c>instrument/detector/data</c> or <c>data/data</c>) whose
/// frames are told apart by <c>image_key</c> (0 projection, 1 flat, 2 dark, 3 invalid and skipped), with
/// <c>sample/rotation_angle</c> (or <c>data/rotation_angle</c>) giving every frame's angle; a frame's position in the
/// stack is its place in the acquisition.
/// </summary>
internal static class NxTomo
{
    private static readonly (string Data, string Keys, string Angles)[] Candidates =
    [
        ("instrument/detector/data", "instrument/detector/image_key", "sample/rotation_angle"),
        ("data/data", "data/image_key", "data/rotation_angle"),
    ];

    public static TomographyFile? TryOpen(NativeFile file, string name)
    {
        foreach (IH5Group entry in file.Children().OfType<IH5Group>())
        {
            foreach ((string dataPath, string keysPath, string anglesPath) in Candidates)
            {
                if (entry.LinkExists(dataPath) && entry.LinkExists(keysPath))
                {
                    return Open(file, entry, name, dataPath, keysPath, entry.LinkExists(anglesPath) ? anglesPath : Candidates.Select(c => c.Angles).FirstOrDefault(entry.LinkExists));
                }
            }
        }

        return null;
    }

    private static TomographyFile Open(NativeFile file, IH5Group entry, string name, string dataPath, string keysPath, string? anglesPath)
    {
        string where = $"{name}: /{entry.Name}";
        IH5Dataset stack = entry.Dataset(dataPath);
        (int frames, int rows, int columns) = TomographyFileReader.StackShape(stack, $"{where}/{dataPath}", TomographyFileReader.Length(file));
        double[] keys = ElementReader.ReadVector(entry.Dataset(keysPath), $"{where}/{keysPath}");
        if (keys.Length != frames)
        {
            throw new InvalidDataException($"{where}/{keysPath} has {keys.Length} keys for {frames} frames");
        }

        if (anglesPath is null)
        {
            throw new InvalidDataException($"{where} has no rotation_angle");
        }

        double[] angles = TomographyFileReader.Angles(entry.Dataset(anglesPath), frames, $"{where}/{anglesPath}");
        FrameRecord[] all = [.. Enumerable.Range(0, frames).Select(i => new FrameRecord(i, i, angles[i], double.NaN, 0, 0))];
        FrameRecord[] projections = [.. all.Where(f => keys[f.Index] == 0)];
        FrameRecord[] flats = [.. all.Where(f => keys[f.Index] == 1)];
        FrameRecord[] darks = [.. all.Where(f => keys[f.Index] == 2)];
        if (projections.Length == 0 || flats.Length == 0)
        {
            throw new InvalidDataException($"{where}/{keysPath} marks {projections.Length} projections and {flats.Length} flats; both are needed");
        }

        return new TomographyFile(file, "nxtomo", rows, columns, projections, flats, darks, (stack, stack, darks.Length > 0 ? stack : null), PixelSizeMm(entry), null);
    }

    /// <summary>The detector's x_pixel_size, when its units attribute says what it is in.</summary>
    private static double? PixelSizeMm(IH5Group entry)
    {
        const string Path = "instrument/detector/x_pixel_size";
        if (!entry.LinkExists(Path))
        {
            return null;
        }

        IH5Dataset size = entry.Dataset(Path);
        double value = size.Space.Rank == 0 ? size.Read<double>() : ElementReader.ReadVector(size, Path)[0];
        string units = size.AttributeExists("units") ? size.Attribute("units").Read<string>().Trim().ToLowerInvariant() : string.Empty;
        return units switch
        {
            "m" or "metre" or "meter" => value * 1000,
            "mm" => value,
            "um" or "µm" or "micron" or "micrometre" or "micrometer" => value / 1000,
            "nm" => value / 1e6,
            _ => null,
        };
    }
}
