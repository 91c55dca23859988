using PureHDF;
using PureHDF.VOL.Native;

namespace XrayController.Storage.Reading;

/// <summary>Reads the Data Exchange layout (and, when present, this program's per-frame log and provenance).</summary>
internal static class DataExchange
{
    public static TomographyFile Open(NativeFile file, string name)
    {
        IH5Dataset data = file.Dataset("/exchange/data");
        (int projections, int rows, int columns) = TomographyFileReader.StackShape(data, $"{name}: /exchange/data");
        if (!file.LinkExists("/exchange/data_white"))
        {
            throw new InvalidDataException($"{name} has no flats (/exchange/data_white); they are needed to normalise the projections");
        }

        IH5Dataset white = file.Dataset("/exchange/data_white");
        IH5Dataset? dark = file.LinkExists("/exchange/data_dark") ? file.Dataset("/exchange/data_dark") : null;
        int flats = CheckShape(white, "/exchange/data_white", rows, columns, name);
        int darks = dark is null ? 0 : CheckShape(dark, "/exchange/data_dark", rows, columns, name);
        if (!file.LinkExists("/exchange/theta"))
        {
            throw new InvalidDataException($"{name} has no angles (/exchange/theta)");
        }

        double[] angles = TomographyFileReader.Angles(file.Dataset("/exchange/theta"), projections, $"{name}: /exchange/theta");
        double[] seq = Sequence(file, projections, flats, darks);
        FrameRecord[] projectionFrames = Frames(file, string.Empty, projections, 0, seq, angles);
        FrameRecord[] flatFrames = Frames(file, "_white", flats, projections, seq, null);
        FrameRecord[] darkFrames = Frames(file, "_dark", darks, projections + flats, seq, null);
        double? pixelUm = TomographyFileReader.OptionalAttribute(file, "/measurement/instrument/geometry", "pixel_size_um");
        double? axis = TomographyFileReader.OptionalAttribute(file, "/process", "true_rotation_axis_px");
        return new TomographyFile(file, "data-exchange", rows, columns, projectionFrames, flatFrames, darkFrames, (data, white, dark), pixelUm / 1000, axis);
    }

    private static int CheckShape(IH5Dataset stack, string path, int rows, int columns, string name)
    {
        (int frames, int r, int c) = TomographyFileReader.StackShape(stack, $"{name}: {path}");
        return r == rows && c == columns
            ? frames
            : throw new InvalidDataException($"{name}: {path} frames are {r} x {c}; the projections are {rows} x {columns}");
    }

    /// <summary>
    /// Acquisition positions: projections, flats and darks in the order of this program's frame log when the file has
    /// one that matches; otherwise NaN (unknown).
    /// </summary>
    private static double[] Sequence(NativeFile file, int projections, int flats, int darks)
    {
        var seq = new double[projections + flats + darks];
        Array.Fill(seq, double.NaN);
        if (!file.LinkExists("/measurement/frames/seq") || !file.LinkExists("/measurement/frames/image_key"))
        {
            return seq;
        }

        double[] logSeq = ElementReader.ReadVector(file.Dataset("/measurement/frames/seq"), "/measurement/frames/seq");
        double[] keys = ElementReader.ReadVector(file.Dataset("/measurement/frames/image_key"), "/measurement/frames/image_key");
        int[] offsets = [0, projections, projections + flats];
        int[] counts = [projections, flats, darks];
        int[] next = new int[3];
        for (int i = 0; i < Math.Min(logSeq.Length, keys.Length); i++)
        {
            int key = (int)keys[i];
            if (key is >= 0 and <= 2 && next[key] < counts[key])
            {
                seq[offsets[key] + next[key]++] = logSeq[i];
            }
        }

        return next.SequenceEqual(counts) ? seq : [.. seq.Select(_ => double.NaN)];
    }

    private static FrameRecord[] Frames(NativeFile file, string suffix, int count, int offset, double[] seq, double[]? angles)
    {
        double[]? energy = OptionalVector(file, "/exchange/energy" + suffix, count);
        double[]? distance = OptionalVector(file, "/exchange/distance_index" + suffix, count);
        double[]? tile = OptionalVector(file, "/exchange/tile_index" + suffix, count);
        return
        [
            .. Enumerable.Range(0, count).Select(i => new FrameRecord(
                i,
                seq[offset + i],
                angles?[i] ?? double.NaN,
                energy?[i] ?? double.NaN,
                (int)(distance?[i] ?? 0),
                (int)(tile?[i] ?? 0))),
        ];
    }

    private static double[]? OptionalVector(NativeFile file, string path, int count)
    {
        if (!file.LinkExists(path))
        {
            return null;
        }

        double[] values = ElementReader.ReadVector(file.Dataset(path), path);
        return values.Length == count ? values : throw new InvalidDataException($"{path} has {values.Length} values for {count} frames");
    }
}
