using XrayController.Analysis.Segmentation;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Cell;

/// <summary>One measurement of the cathode electrode where a radial line from the cell's axis crosses it.</summary>
/// <param name="Turn">The electrode's order along the line, 0 the innermost.</param>
/// <param name="XMm">Where the electrode's middle is, across the volume (x right, y up the slice, from the rotation axis).</param>
/// <param name="InnerCoatUm">The coat between the electrode's inner edge and its aluminium foil (NaN where it could not be told apart).</param>
/// <param name="OuterCoatUm">The coat between the foil and the electrode's outer edge.</param>
public sealed record ElectrodeCrossing(int Slice, double ZMm, double AzimuthDeg, int Turn, double RadiusMm, double XMm, double YMm, double ThicknessUm, double InnerCoatUm = double.NaN, double OuterCoatUm = double.NaN);

/// <summary>A defect: a region of neighbouring flagged crossings, with its extent and its largest size.</summary>
/// <param name="Kind"><c>void</c> (the electrode split by a gap) or <c>copper-deflection</c> (the copper foil off the middle of the anode).</param>
/// <param name="SizeUm">The widest gap, or the largest displacement of the copper foil (negative: towards the axis).</param>
public sealed record CellDefect(string Kind, int Turn, double FromZMm, double ToZMm, double FromAzimuthDeg, double ToAzimuthDeg, double RadiusMm, double XMm, double YMm, double ZMm, double SizeUm, int Crossings);

public sealed record CellInspectionResult(
    string Source,
    double VoxelUm,
    double CentreXMm,
    double CentreYMm,
    double CanOuterRadiusMm,
    double CanWallUm,
    double ElectrodeLevel,
    double BackgroundLevel,
    IReadOnlyList<ElectrodeCrossing> Crossings,
    IReadOnlyList<CellDefect> Defects);

/// <summary>
/// Inspects a reconstructed wound cell (attenuation, [z, y, x], slice k at height top − k·voxel): finds the can (the
/// outermost bright ring, a circle fitted to its outer edge), unrolls every slice around the cell's axis, and along
/// each radial line finds the cathode electrodes — bright runs wider than <see cref="MinimumElectrodeUm"/> between the
/// half level of the electrode and the background (two classes split by Otsu) — measuring each one's thickness between
/// its half-level crossings (sub-sample, which a symmetric blur leaves in place). Two runs at least <see cref="MinimumCoatUm"/> wide and no brighter than
/// <see cref="CoatPeak"/> times the electrode level (coats, not a copper foil) split by a dark gap narrower than <see cref="MaximumVoidUm"/> are one electrode (a resolved foil shows as such a gap); a gap wider
/// than the electrodes' median gap by <see cref="VoidExcessUm"/> is a delamination void; a copper foil (the brightest point between two
/// electrodes) more than <see cref="DeflectionUm"/> off the middle of the anode between them is a deflection.
/// Flagged crossings that touch (neighbouring azimuths or slices, same turn) make one defect. Each electrode's two coats
/// are told apart at its foil (<see cref="CoatMeasurement"/>).
/// </summary>
public static class CellInspection
{
    public const double MinimumElectrodeUm = 60;
    public const double MaximumVoidUm = 60;
    public const double VoidExcessUm = 12;
    public const double MinimumCoatUm = 25;
    public const double CoatPeak = 1.6;
    public const double DeflectionUm = 20;
    public const int Azimuths = 720;

    /// <summary>Slices sampled for the levels: every (depth / 8)th.</summary>
    private const int LevelSamples = 9;

    /// <summary>
    /// The smallest budget the inspection takes: the levels' samples (up to <see cref="LevelSamples"/> slices, held as a
    /// growing list, its ordered copy and the sorted array) beside one slice read. The crossings it finds are results
    /// and not counted (about 100 bytes each).
    /// </summary>
    public static long MinimumBytes(IVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return (4L * LevelSamples * volume.Shape.PlaneSize * sizeof(float)) + volume.SlabBytes(1);
    }

    /// <summary>The slices read at a time under <paramref name="budgetBytes"/> (null: all; a budget below the smallest is taken as the smallest).</summary>
    public static int SlabSlices(IVolume volume, long? budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return budgetBytes is { } budget
            ? (int)Math.Clamp(Math.Max(budget, MinimumBytes(volume)) / Math.Max(1, volume.SlabBytes(1)), 1, volume.Shape.Depth)
            : volume.Shape.Depth;
    }

    /// <summary>
    /// Inspects the volume read in slabs of whole slices as deep as <paramref name="budgetBytes"/> allows (null: all at
    /// once); each slice's crossings depend on that slice alone, so the result is the same whatever the budget.
    /// </summary>
    public static CellInspectionResult Run(IVolume volume, double topZMm, long? budgetBytes = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        VolumeShape shape = volume.Shape;
        if (budgetBytes is { } budget && budget < MinimumBytes(volume))
        {
            throw MemoryBudget.TooSmall($"{volume.Source}: the cell inspection", $"the levels' {LevelSamples} sampled slices and one slice of {shape.Height} x {shape.Width}", MinimumBytes(volume), budget);
        }

        int slabSlices = SlabSlices(volume, budgetBytes);

        Winding winding = Find(volume);
        int area = shape.PlaneSize;
        var crossings = new List<ElectrodeCrossing>[shape.Depth];
        var flags = new List<Flag>[shape.Depth];
        for (int first = 0; first < shape.Depth; first += slabSlices)
        {
            int count = Math.Min(slabSlices, shape.Depth - first);
            ReadOnlyMemory<float> slab = volume.Slices(first, count);
            Parallel.For(first, first + count, k =>
            {
                crossings[k] = [];
                flags[k] = [];
                ScanSlice(slab.Span.Slice((k - first) * area, area), winding, k, topZMm - (k * winding.VoxelMm), crossings[k], flags[k]);
            });
        }

        (CanFit can, double voxelMm, double half, double electrode, double background) = (winding.Can, winding.VoxelMm, winding.Half, winding.Electrode, winding.Background);
        double[] gaps = [.. flags.SelectMany(f => f).Where(f => f.Kind == "gap").Select(f => f.SizeUm).Order()];
        // The median gap over every electrode crossed, those without a gap counting as 0.
        int total = crossings.Sum(c => c.Count);
        int withoutGap = total - gaps.Length;
        if (total == 0)
        {
            throw new ArgumentException($"no cathode electrode found inside the can (level {half:G3} between the background {background:G3} and the electrodes {electrode:G3} per mm)", nameof(volume));
        }

        double usualGap = total / 2 < withoutGap ? 0 : gaps[(total / 2) - withoutGap];
        List<Flag> flagged = [.. flags.SelectMany(f => f).Where(f => f.Kind != "gap" || f.SizeUm > usualGap + VoidExcessUm).Select(f => f.Kind == "gap" ? f with { Kind = "void" } : f)];
        List<CellDefect> defects = DefectRegions.Group(flagged, voxelMm);
        return new CellInspectionResult(volume.Source, volume.VoxelUm, can.CentreXMm, can.CentreYMm, can.OuterRadiusMm, (can.OuterRadiusMm - can.InnerRadiusMm) * 1000, electrode, background, [.. crossings.SelectMany(c => c)], defects);
    }

    /// <summary>
    /// What the estimate needs before an inspection: the samples along each radial line and the crossings of the middle
    /// slice (found as the inspection finds them), from the middle slice and the levels' samples alone.
    /// </summary>
    public static (int SamplesPerLine, int MiddleCrossings) Survey(IVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        Winding winding = Find(volume);
        var crossings = new List<ElectrodeCrossing>();
        ScanSlice(volume.Slices(volume.Shape.Depth / 2, 1).Span, winding, volume.Shape.Depth / 2, 0, crossings, []);
        return (winding.Samples, crossings.Count);
    }

    /// <summary>The can (from the middle slice), the sampling of the radial lines inside it and the levels.</summary>
    private static Winding Find(IVolume volume)
    {
        VolumeShape shape = volume.Shape;
        if (shape.Height != shape.Width)
        {
            throw new ArgumentException($"the slices are {shape.Height} × {shape.Width}; a reconstruction's slices are square", nameof(volume));
        }

        double voxelMm = volume.VoxelUm / 1000;
        float[] middle = volume.Slices(shape.Depth / 2, 1).ToArray();
        CanFit can = CanFinder.Find(middle, shape.Width, voxelMm);
        double step = voxelMm / 4;
        int samples = (int)((can.InnerRadiusMm - (2 * voxelMm)) / step);
        if (samples < 16)
        {
            throw new ArgumentException("the can's inside is too small to hold a winding", nameof(volume));
        }

        (double background, double electrode) = Levels(volume, can, voxelMm);
        return new Winding(can, voxelMm, step, samples, (background + electrode) / 2, electrode, background);
    }

    /// <summary>Every radial line of one slice: its electrodes' crossings and the defects on them.</summary>
    private static void ScanSlice(ReadOnlySpan<float> slice, Winding winding, int k, double z, List<ElectrodeCrossing> crossings, List<Flag> flags)
    {
        int size = (int)Math.Sqrt(slice.Length);
        var line = new double[winding.Samples];
        CanFit can = winding.Can;
        for (int a = 0; a < Azimuths; a++)
        {
            double azimuth = 2 * Math.PI * a / Azimuths;
            (double sin, double cos) = Math.SinCos(azimuth);
            for (int s = 0; s < winding.Samples; s++)
            {
                double r = s * winding.Step;
                line[s] = Bilinear(slice, size, can.CentreXMm + (r * cos), can.CentreYMm + (r * sin), winding.VoxelMm);
            }

            Scan(line, winding, k, z, a, azimuth, crossings, flags);
        }
    }

    private sealed record Winding(CanFit Can, double VoxelMm, double Step, int Samples, double Half, double Electrode, double Background);

    /// <summary>A crossing flagged as part of a defect, before grouping.</summary>
    internal sealed record Flag(string Kind, int Slice, double ZMm, int Azimuth, int Turn, double RadiusMm, double XMm, double YMm, double SizeUm);

    /// <summary>Finds the electrodes along one radial line and the defects on it.</summary>
    private static void Scan(double[] line, Winding winding, int slice, double z, int a, double azimuth, List<ElectrodeCrossing> crossings, List<Flag> flags)
    {
        (double step, double half, double electrodeLevel, CanFit can) = (winding.Step, winding.Half, winding.Electrode, winding.Can);
        // Runs above the half level, edges at the interpolated crossings.
        var runs = new List<(double From, double To, double Peak)>();
        int s = 0;
        while (s < line.Length)
        {
            if (line[s] < half)
            {
                s++;
                continue;
            }

            int start = s;
            while (s < line.Length && line[s] >= half)
            {
                s++;
            }

            if (start == 0 || s == line.Length)
            {
                continue;
            }

            double from = start - 1 + ((half - line[start - 1]) / (line[start] - line[start - 1]));
            double to = s - 1 + ((line[s - 1] - half) / (line[s - 1] - line[s]));
            double peak = 0;
            for (int i = start; i < s; i++)
            {
                peak = Math.Max(peak, line[i]);
            }

            runs.Add((from * step, to * step, peak));
        }

        // Join runs split by a narrow gap (a void) into one electrode, remembering the gap.
        var electrodes = new List<(double From, double To, double Gap)>();
        bool previousCoat = false;
        foreach ((double from, double to, double peak) in runs)
        {
            bool coat = (to - from) * 1000 >= MinimumCoatUm && peak <= CoatPeak * electrodeLevel;
            bool coats = coat && previousCoat;
            previousCoat = coat;
            if (coats && (from - electrodes[^1].To) * 1000 < MaximumVoidUm && ((to - electrodes[^1].From) * 1000) < 4 * MinimumElectrodeUm)
            {
                (double f, double t, double g) = electrodes[^1];
                electrodes[^1] = (f, to, Math.Max(g, from - t));
            }
            else
            {
                electrodes.Add((from, to, 0));
            }
        }

        electrodes.RemoveAll(e => (e.To - e.From) * 1000 < MinimumElectrodeUm);
        (double sin, double cos) = Math.SinCos(azimuth);
        double azimuthDeg = azimuth * 180 / Math.PI;
        for (int turn = 0; turn < electrodes.Count; turn++)
        {
            (double from, double to, double gap) = electrodes[turn];
            double r = (from + to) / 2;
            double x = can.CentreXMm + (r * cos);
            double y = can.CentreYMm + (r * sin);
            (double inner, double outer) = CoatMeasurement.Coats(line, step, winding.VoxelMm, winding.Background, from, to);
            crossings.Add(new ElectrodeCrossing(slice, z, azimuthDeg, turn, r, x, y, (to - from) * 1000, inner, outer));
            if (gap > 0)
            {
                flags.Add(new Flag("gap", slice, z, a, turn, r, x, y, gap * 1000));
            }

            if (turn + 1 < electrodes.Count)
            {
                // The copper foil: the brightest sample between this electrode and the next, refined by a parabola.
                int first = (int)Math.Ceiling(to / step) + 2;
                int last = (int)Math.Floor(electrodes[turn + 1].From / step) - 2;
                if (last - first < 4)
                {
                    continue;
                }

                int peak = first;
                for (int i = first; i <= last; i++)
                {
                    peak = line[i] > line[peak] ? i : peak;
                }

                double curvature = line[peak - 1] - (2 * line[peak]) + line[peak + 1];
                double position = (peak + (curvature < 0 ? Math.Clamp(0.5 * (line[peak - 1] - line[peak + 1]) / curvature, -0.5, 0.5) : 0)) * step;
                double offsetUm = (position - ((to + electrodes[turn + 1].From) / 2)) * 1000;
                if (Math.Abs(offsetUm) > DeflectionUm)
                {
                    flags.Add(new Flag("copper-deflection", slice, z, a, turn, position, can.CentreXMm + (position * cos), can.CentreYMm + (position * sin), offsetUm));
                }
            }
        }
    }

    /// <summary>Background and electrode levels of the winding's voxels in every eighth slice (<see cref="TwoLevels"/>).</summary>
    private static (double Background, double Electrode) Levels(IVolume volume, CanFit can, double voxelMm)
    {
        VolumeShape shape = volume.Shape;
        int size = shape.Width;
        var inside = new List<float>();
        double limit = can.InnerRadiusMm - (2 * voxelMm);
        for (int k = 0; k < shape.Depth; k += Math.Max(1, shape.Depth / 8))
        {
            ReadOnlySpan<float> slice = volume.Slices(k, 1).Span;
            for (int i = 0; i < size; i++)
            {
                for (int j = 0; j < size; j++)
                {
                    double dx = ((j - (size / 2)) * voxelMm) - can.CentreXMm;
                    double dy = (((size / 2) - i) * voxelMm) - can.CentreYMm;
                    if ((dx * dx) + (dy * dy) < limit * limit)
                    {
                        inside.Add(slice[(i * size) + j]);
                    }
                }
            }
        }

        return TwoLevels(inside);
    }

    /// <summary>
    /// Background and electrode levels of a cell's voxels: Otsu's split, each class's median. The copper foils, a few
    /// per cent of the voxels and much brighter, are clipped at the 95th percentile so the split falls between the
    /// background and the cathode.
    /// </summary>
    internal static (double Background, double Electrode) TwoLevels(IEnumerable<float> values)
    {
        float[] sorted = [.. values.Order()];
        float clip = sorted[(int)(0.95 * (sorted.Length - 1))];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = Math.Min(sorted[i], clip);
        }

        double threshold = Otsu.Threshold(sorted);
        int split = Array.FindIndex(sorted, v => v > threshold);
        return (sorted[split / 2], sorted[split + ((sorted.Length - split) / 2)]);
    }

    /// <summary>A slice's value at (x, y) mm (x = (column − N/2)·voxel, y = (N/2 − row)·voxel), bilinear; 0 outside.</summary>
    internal static double Bilinear(ReadOnlySpan<float> slice, int size, double x, double y, double voxelMm)
    {
        double column = (x / voxelMm) + (size / 2);
        double row = (size / 2) - (y / voxelMm);
        int c = (int)Math.Floor(column);
        int r = (int)Math.Floor(row);
        if (c < 0 || r < 0 || c >= size - 1 || r >= size - 1)
        {
            return 0;
        }

        double fc = column - c;
        double fr = row - r;
        int p = (r * size) + c;
        double top = slice[p] + (fc * (slice[p + 1] - slice[p]));
        double bottom = slice[p + size] + (fc * (slice[p + size + 1] - slice[p + size]));
        return top + (fr * (bottom - top));
    }
}
