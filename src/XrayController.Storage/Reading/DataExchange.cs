using PureHDF;
using PureHDF.VOL.Native;

namespace XrayController.Storage.Reading;

/// <summary>Reads the Data Exchange layout (and, when present, this program's per-frame log and provenance).</summary>
internal static class DataExchange
{
    public static TomographyFile Open(NativeFile file, string name)
    {
        IH5Dataset data = file.Dataset("/exchange/data");
        (int projections, int rows, int columns) = TomographyFileReader.StackShape(data, $"{name}: /exchange/data", TomographyFileReader.Length(file));
        if (!file.LinkExists("/exchange/data_white"))
        {
            throw new InvalidDataException($"{name} has no flats (/exchange/data_white); they are needed to normalise the projections");
        }

        IH5Dataset white = file.Dataset("/exchange/data_white");
        IH5Dataset? dark = file.LinkExists("/exchange/data_dark") ? file.Dataset("/exchange/data_dark") : null;
        int flats = CheckShape(white, "/exchange/data_white", rows, columns, name, TomographyFileReader.Length(file));
        int darks = dark is null ? 0 : CheckShape(dark, "/exchange/data_dark", rows, columns, name, TomographyFileReader.Length(file));
        if (!file.LinkExists("/exchange/theta"))
        {
            throw new InvalidDataException($"{name} has no angles (/exchange/theta)");
        }

        double[] angles = TomographyFileReader.Angles(file.Dataset("/exchange/theta"), projections, $"{name}: /exchange/theta");
        double[] seq = LogColumn(file, "seq", projections, flats, darks);
        double[] magnification = LogColumn(file, "magnification", projections, flats, darks);
        FrameRecord[] projectionFrames = Frames(file, string.Empty, projections, 0, seq, magnification, angles);
        FrameRecord[] flatFrames = AtProjectionEnergy(name, "/exchange/energy_white", Frames(file, "_white", flats, projections, seq, magnification, null), projectionFrames);
        FrameRecord[] darkFrames = Frames(file, "_dark", darks, projections + flats, seq, magnification, null);
        double? pixelUm = TomographyFileReader.OptionalAttribute(file, "/measurement/instrument/geometry", "pixel_size_um");
        double? axis = TomographyFileReader.OptionalAttribute(file, "/process", "true_rotation_axis_px");
        return new TomographyFile(file, "data-exchange", rows, columns, projectionFrames, flatFrames, darkFrames, (data, white, dark), pixelUm / 1000, axis)
        {
            OpticalMagnification = TomographyFileReader.OptionalAttribute(file, "/measurement/instrument/geometry", "optical_magnification"),
            Holography = Holography(file, name),
            TilePositionsMm = TilePositions(file, name, projectionFrames, flatFrames, darkFrames),
            ConeBeam = TomographyFileReader.OptionalAttribute(file, "/measurement/instrument/geometry", "source_to_object_mm") is { } sod
                && TomographyFileReader.OptionalAttribute(file, "/measurement/instrument/geometry", "source_to_detector_mm") is { } sdd
                    ? (sod, sdd)
                    : null,
            DetectorOffsetMm = TomographyFileReader.OptionalAttribute(file, "/measurement/instrument/geometry", "detector_offset_mm"),
            RoiCentreMm = TomographyFileReader.OptionalVector(file, "/measurement/instrument/geometry", "roi_centre_mm", 3),
        };
    }

    /// <summary>The distances, focus-to-detector distance and detector pixel of a holotomography scan, or null when the file has no distances.</summary>
    private static HolographyGeometry? Holography(NativeFile file, string name)
    {
        const string Group = "/measurement/instrument/geometry";
        if (!file.LinkExists(Group + "/distances_mm"))
        {
            return null;
        }

        double[] distances = ElementReader.ReadVector(file.Dataset(Group + "/distances_mm"), Group + "/distances_mm");
        double? focusToDetector = TomographyFileReader.OptionalAttribute(file, Group, "source_to_detector_mm");
        double? pixelUm = TomographyFileReader.OptionalAttribute(file, Group, "detector_pixel_size_um");
        if (focusToDetector is not { } sdd || pixelUm is not { } pixel)
        {
            throw new InvalidDataException($"{name}: {Group} lists distances but not the attributes source_to_detector_mm and detector_pixel_size_um that holotomography needs");
        }

        if (distances.Length == 0 || distances.Any(z => !double.IsFinite(z) || z <= 0 || z >= sdd) || !(pixel > 0))
        {
            throw new InvalidDataException($"{name}: {Group}: the distances ({string.Join(", ", distances)} mm) must lie between the focus and the detector ({sdd} mm) and the detector pixel ({pixel} µm) must be positive");
        }

        return new HolographyGeometry(distances, sdd, pixel / 1000);
    }

    /// <summary>The tile positions, checked finite and covering every frame's tile index; null when the file has none.</summary>
    private static double[]? TilePositions(NativeFile file, string name, params FrameRecord[][] frames)
    {
        const string Path = "/measurement/instrument/geometry/tile_positions_mm";
        if (!file.LinkExists(Path))
        {
            return null;
        }

        double[] positions = ElementReader.ReadVector(file.Dataset(Path), Path);
        if (positions.Length == 0 || positions.Any(p => !double.IsFinite(p)))
        {
            throw new InvalidDataException($"{name}: {Path} must hold finite positions, one a tile");
        }

        int largest = frames.SelectMany(f => f).Select(f => f.TileIndex).DefaultIfEmpty(0).Max();
        int smallest = frames.SelectMany(f => f).Select(f => f.TileIndex).DefaultIfEmpty(0).Min();
        return smallest >= 0 && largest < positions.Length
            ? positions
            : throw new InvalidDataException($"{name}: frames name tile {(smallest < 0 ? smallest : largest)} but {Path} gives {positions.Length} tile positions");
    }

    private static int CheckShape(IH5Dataset stack, string path, int rows, int columns, string name, long fileBytes)
    {
        (int frames, int r, int c) = TomographyFileReader.StackShape(stack, $"{name}: {path}", fileBytes);
        return r == rows && c == columns
            ? frames
            : throw new InvalidDataException($"{name}: {path} frames are {r} x {c}; the projections are {rows} x {columns}");
    }

    /// <summary>
    /// A column of this program's frame log (acquisition position, magnification) for projections, flats and darks in
    /// that order, when the file has a log that matches; otherwise NaN (unknown).
    /// </summary>
    private static double[] LogColumn(NativeFile file, string column, int projections, int flats, int darks)
    {
        var values = new double[projections + flats + darks];
        Array.Fill(values, double.NaN);
        string path = "/measurement/frames/" + column;
        if (!file.LinkExists(path) || !file.LinkExists("/measurement/frames/image_key"))
        {
            return values;
        }

        double[] logged = ElementReader.ReadVector(file.Dataset(path), path);
        double[] keys = ElementReader.ReadVector(file.Dataset("/measurement/frames/image_key"), "/measurement/frames/image_key");
        int[] offsets = [0, projections, projections + flats];
        int[] counts = [projections, flats, darks];
        int[] next = new int[3];
        for (int i = 0; i < Math.Min(logged.Length, keys.Length); i++)
        {
            int key = (int)keys[i];
            if (key is >= 0 and <= 2 && next[key] < counts[key])
            {
                values[offsets[key] + next[key]++] = logged[i];
            }
        }

        return next.SequenceEqual(counts) ? values : [.. values.Select(_ => double.NaN)];
    }

    private static FrameRecord[] Frames(NativeFile file, string suffix, int count, int offset, double[] seq, double[] magnification, double[]? angles)
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
                (int)(tile?[i] ?? 0),
                magnification[offset + i])),
        ];
    }

    /// <summary>
    /// Flats without energies (no <paramref name="path"/>) beside projections that have them, as a converted file often
    /// has: taken at the projections' energy when they were all taken at one; with several, which energy each flat
    /// belongs to is unknown and the file is refused. (Darks without energies serve every energy: with the beam off, the
    /// detector's dark signal does not depend on it.)
    /// </summary>
    private static FrameRecord[] AtProjectionEnergy(string name, string path, FrameRecord[] references, FrameRecord[] projections)
    {
        double[] energies = [.. projections.Select(p => p.EnergyEv).Where(double.IsFinite).Distinct()];
        if (references.Length == 0 || energies.Length == 0 || !references.All(r => double.IsNaN(r.EnergyEv)))
        {
            return references;
        }

        return energies.Length == 1
            ? [.. references.Select(r => r with { EnergyEv = energies[0] })]
            : throw new InvalidDataException($"{name}: the projections were taken at {energies.Length} energies (/exchange/energy) but {path} is missing, so no flat can be matched to its energy; write each one's energy (eV) there");
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
