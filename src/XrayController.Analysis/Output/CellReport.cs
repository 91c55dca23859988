using System.Globalization;
using System.Text.Json;
using XrayController.Core.Plans;
using ScottPlot;
using XrayController.Analysis.Cell;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Output;

/// <summary>
/// Reads a cell's reconstruction for inspection and writes the inspection into one folder: <c>cell_inspection.json</c>
/// (the can, the levels, the thickness statistics, every defect with its position), <c>electrode_thickness.csv</c>
/// (every crossing of a cathode electrode: slice, height, azimuth, turn, radius, position, thickness),
/// <c>defects.csv</c> and the figures <c>electrode_thickness</c> (thickness along the winding in the middle slice),
/// <c>electrode_thickness_histogram</c> (the whole cell's) and <c>electrode_thickness_unrolled</c> (thickness over the
/// unrolled winding), each as PNG and SVG, and each defect's close-ups (<see cref="DefectFigures"/>).
/// </summary>
public static class CellReport
{
    /// <summary>Reads a cell's volume and inspects it in slabs under <paramref name="budgetBytes"/> (null: whole); a volume the inspection cannot read as a cell is bad input, named with the file.</summary>
    public static CellInspectionResult Inspect(string path, double? voxelSizeUm = null, long? budgetBytes = null)
    {
        using VolumeFile volume = VolumeFile.Open(path, voxelSizeUm, "the cell inspection");
        return AsInput(volume.Source, () => CellInspection.Run(volume, volume.TopZMm, budgetBytes));
    }

    /// <summary>Runs an inspection step on a file's volume; a volume it cannot read as a cell (no can, no winding) is bad input, named with the file.</summary>
    public static T AsInput<T>(string source, Func<T> inspect)
    {
        ArgumentNullException.ThrowIfNull(inspect);
        try
        {
            return inspect();
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{source}: {e.Message.Replace(" (Parameter 'volume')", string.Empty, StringComparison.Ordinal)}", e);
        }
    }

    /// <summary>Writes the inspection into <paramref name="directory"/>, with each defect's close-ups (<see cref="DefectFigures"/>) cut from <paramref name="volumePath"/> when it is given.</summary>
    public static IReadOnlyList<string> Write(string directory, CellInspectionResult result, string? volumePath)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        string crossings = Path.Combine(directory, "electrode_thickness.csv");
        File.WriteAllLines(crossings, [
            "slice,z_mm,azimuth_deg,turn,radius_mm,x_mm,y_mm,thickness_um,inner_coat_um,outer_coat_um",
            .. result.Crossings.Select(c => Invariant($"{c.Slice},{c.ZMm:0.####},{c.AzimuthDeg:0.##},{c.Turn},{c.RadiusMm:0.####},{c.XMm:0.####},{c.YMm:0.####},{c.ThicknessUm:0.##},{Field(c.InnerCoatUm)},{Field(c.OuterCoatUm)}")),
        ]);
        string defects = Path.Combine(directory, "defects.csv");
        File.WriteAllLines(defects, [
            DefectList.Header,
            .. result.Defects.Select(d => Invariant($"{d.Kind},{d.Turn},{d.FromZMm:0.####},{d.ToZMm:0.####},{d.FromAzimuthDeg:0.#},{d.ToAzimuthDeg:0.#},{d.RadiusMm:0.####},{d.XMm:0.####},{d.YMm:0.####},{d.ZMm:0.####},{d.SizeUm:0.#},{d.Crossings}")),
        ]);
        string json = Path.Combine(directory, "cell_inspection.json");
        File.WriteAllText(json, JsonSerializer.Serialize(Summary(result), new JsonSerializerOptions { WriteIndented = true }));
        return [json, crossings, defects, .. Figure(directory, result), .. Histogram(directory, result), .. Unrolled(directory, result), .. volumePath is null ? [] : DefectFigures.Write(volumePath, result, directory)];
    }

    /// <summary>
    /// The turns crossed around most of the circumference (by at least half as many radial lines as the most crossed
    /// turn), and the others: the winding's inner and outer ends, crossed over a short arc only.
    /// </summary>
    public static (int Whole, IReadOnlyList<(int Turn, int Crossings)> Partial, IReadOnlyList<(int Turn, int Crossings)> All) Turns(CellInspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        (int Turn, int Crossings)[] all = [.. result.Crossings.GroupBy(c => c.Turn).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))];
        int most = all.Length == 0 ? 0 : all.Max(t => t.Crossings);
        (int Turn, int Crossings)[] partial = [.. all.Where(t => 2 * t.Crossings < most)];
        return (all.Length - partial.Length, partial, all);
    }

    /// <summary>The inspection as one JSON-ready object.</summary>
    public static Dictionary<string, object> Summary(CellInspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        double[] thickness = [.. result.Crossings.Where(c => !result.Defects.Any(d => Inside(d, c))).Select(c => c.ThicknessUm)];
        double mean = thickness.Length == 0 ? double.NaN : thickness.Average();
        var turns = Turns(result);
        return new Dictionary<string, object>
        {
            ["source"] = result.Source,
            ["voxel_size_um"] = result.VoxelUm,
            ["can"] = new Dictionary<string, object> { ["centre_x_mm"] = result.CentreXMm, ["centre_y_mm"] = result.CentreYMm, ["outer_radius_mm"] = result.CanOuterRadiusMm, ["wall_um"] = result.CanWallUm },
            ["levels_per_mm"] = new Dictionary<string, object> { ["electrode"] = result.ElectrodeLevel, ["background"] = result.BackgroundLevel },
            ["cathode_electrode_thickness_um"] = thickness.Length == 0 ? new Dictionary<string, object>() : new Dictionary<string, object>
            {
                ["crossings"] = thickness.Length,
                ["mean"] = mean,
                ["sd"] = Math.Sqrt(thickness.Select(t => (t - mean) * (t - mean)).Average()),
                ["min"] = thickness.Min(),
                ["max"] = thickness.Max(),
                ["turns"] = turns.Whole,
                ["crossings_by_turn"] = turns.All.Select(t => new Dictionary<string, object> { ["turn"] = t.Turn, ["crossings"] = t.Crossings, ["partial"] = turns.Partial.Contains(t) }).ToArray(),
            },
            ["cathode_coat_thickness_um"] = Coats(result),
            ["defects"] = result.Defects.Select(d => new Dictionary<string, object>
            {
                ["kind"] = d.Kind,
                ["turn"] = d.Turn,
                ["z_mm"] = new[] { d.FromZMm, d.ToZMm },
                ["azimuth_deg"] = new[] { d.FromAzimuthDeg, d.ToAzimuthDeg },
                ["radius_mm"] = d.RadiusMm,
                ["at_mm"] = new[] { d.XMm, d.YMm, d.ZMm },
                ["size_um"] = d.SizeUm,
                ["crossings"] = d.Crossings,
            }).ToArray(),
        };
    }

    /// <summary>A few lines for the terminal.</summary>
    public static string Text(CellInspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Dictionary<string, object> summary = Summary(result);
        var thickness = (Dictionary<string, object>)summary["cathode_electrode_thickness_um"];
        var coats = (Dictionary<string, object>)summary["cathode_coat_thickness_um"];
        string electrode = thickness.Count == 0 ? "no cathode electrode found"
            : Invariant($"cathode electrode {thickness["mean"]:0.0} ± {thickness["sd"]:0.0} µm ({thickness["min"]:0.0}–{thickness["max"]:0.0}) over {thickness["crossings"]} crossings of {thickness["turns"]} whole turns{Partial(result)}") + (coats.Count == 0 ? "; its coats not told apart" : Invariant($"; each coat {coats["mean"]:0.0} ± {coats["sd"]:0.0} µm ({coats["coats"]} coats)"));
        IEnumerable<string> defects = result.Defects.Select(d => Invariant(
            $"  {d.Kind} on turn {d.Turn}: z {d.FromZMm:0.000}…{d.ToZMm:0.000} mm, azimuth {d.FromAzimuthDeg:0}…{d.ToAzimuthDeg:0}°, at ({d.XMm:0.000}, {d.YMm:0.000}, {d.ZMm:0.000}) mm, {(d.Kind == "void" ? "gap" : "displacement")} {d.SizeUm:0} µm"));
        return Invariant($"{result.Source}: can {2 * result.CanOuterRadiusMm:0.000} mm across (wall {result.CanWallUm:0} µm), centre ({result.CentreXMm:0.000}, {result.CentreYMm:0.000}) mm; {electrode}; {result.Defects.Count} defects")
            + (result.Defects.Count > 0 ? Environment.NewLine + string.Join(Environment.NewLine, defects) : string.Empty);
    }

    /// <summary>Each coat's thickness (inner and outer coats together, defects left out): the study's per-coat figure beside the whole electrode's.</summary>
    private static Dictionary<string, object> Coats(CellInspectionResult result)
    {
        double[] coats = [.. result.Crossings.Where(c => !result.Defects.Any(d => Inside(d, c))).SelectMany(c => new[] { c.InnerCoatUm, c.OuterCoatUm }).Where(double.IsFinite)];
        if (coats.Length == 0)
        {
            return [];
        }

        double mean = coats.Average();
        return new Dictionary<string, object>
        {
            ["coats"] = coats.Length,
            ["mean"] = mean,
            ["sd"] = Math.Sqrt(coats.Select(t => (t - mean) * (t - mean)).Average()),
        };
    }

    private static string Field(double value) => double.IsFinite(value) ? Invariant($"{value:0.##}") : string.Empty;

    private static string Partial(CellInspectionResult result)
    {
        IReadOnlyList<(int Turn, int Crossings)> partial = Turns(result).Partial;
        return partial.Count == 0 ? string.Empty
            : $" (and the winding's ends: {string.Join(", ", partial.Select(t => Invariant($"turn {t.Turn} crossed by {t.Crossings} lines")))})";
    }

    private static bool Inside(CellDefect d, ElectrodeCrossing c) =>
        d.Kind == "void" && c.Turn == d.Turn && c.ZMm >= d.FromZMm && c.ZMm <= d.ToZMm
        && (((c.AzimuthDeg - d.FromAzimuthDeg + 360) % 360) <= d.ToAzimuthDeg - d.FromAzimuthDeg);

    private static string[] Figure(string directory, CellInspectionResult result)
    {
        Fonts.Default = "DejaVu Sans";
        var plot = new Plot();
        int middle = result.Crossings.Count == 0 ? 0 : (result.Crossings.Min(c => c.Slice) + result.Crossings.Max(c => c.Slice)) / 2;
        ElectrodeCrossing[] shown = [.. result.Crossings.Where(c => c.Slice == middle).OrderBy(c => c.RadiusMm)];
        if (shown.Length > 0)
        {
            var points = plot.Add.ScatterPoints(shown.Select(c => c.RadiusMm).ToArray(), shown.Select(c => c.ThicknessUm).ToArray());
            points.MarkerSize = 3;
        }

        plot.Title(Invariant($"Cathode electrode thickness along the winding (slice {middle})"));
        plot.XLabel("radius from the cell's axis (mm)");
        plot.YLabel("electrode thickness (µm)");
        return FigureFiles.Save(plot, Path.Combine(directory, "electrode_thickness"), 800, 500);
    }

    private const int UnrolledRows = 800;

    /// <summary>The whole-cell thickness histogram (defects left out): 1 µm bins on whole micrometres, counts in whole numbers.</summary>
    private static string[] Histogram(string directory, CellInspectionResult result)
    {
        double[] thickness = [.. result.Crossings.Where(c => !result.Defects.Any(d => Inside(d, c))).Select(c => c.ThicknessUm)];
        var plot = new Plot();
        if (thickness.Length > 0)
        {
            int first = (int)Math.Floor(thickness.Min());
            int[] counts = new int[(int)Math.Floor(thickness.Max()) - first + 1];
            foreach (double t in thickness)
            {
                counts[(int)Math.Floor(t) - first]++;
            }

            var bars = plot.Add.Bars(counts.Select((_, i) => first + i + 0.5).ToArray(), counts.Select(c => (double)c).ToArray());
            foreach (Bar bar in bars.Bars)
            {
                bar.Size = 1;
                bar.LineWidth = 0;
            }

            plot.Axes.Margins(bottom: 0);
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(Invariant($"Cathode electrode thickness, whole cell ({thickness.Length} crossings, defects left out)"));
        plot.XLabel("electrode thickness (µm), 1 µm bins");
        plot.YLabel("crossings");
        return FigureFiles.Save(plot, Path.Combine(directory, "electrode_thickness_histogram"), 800, 500);
    }

    /// <summary>
    /// The electrode's thickness unrolled: along the winding (turn + azimuth / 360°) across, height down; white where no
    /// electrode was crossed (beyond the winding's ends, or where a defect broke it).
    /// </summary>
    private static string[] Unrolled(string directory, CellInspectionResult result)
    {
        var plot = new Plot();
        if (result.Crossings.Count > 0)
        {
            int firstSlice = result.Crossings.Min(c => c.Slice);
            int slices = result.Crossings.Max(c => c.Slice) - firstSlice + 1;
            int turns = result.Crossings.Max(c => c.Turn) + 1;

            // A degree per column and at most UnrolledRows rows, so that a whole 18650 (tens of turns, thousands of slices) stays a figure.
            int every = (slices + UnrolledRows - 1) / UnrolledRows;
            var cells = new double[(slices + every - 1) / every, turns * 360];
            for (int i = 0; i < slices; i++)
            {
                for (int j = 0; j < cells.GetLength(1); j++)
                {
                    cells[i, j] = double.NaN;
                }
            }

            foreach (ElectrodeCrossing c in result.Crossings.Where(c => (c.Slice - firstSlice) % every == 0))
            {
                cells[(c.Slice - firstSlice) / every, (c.Turn * 360) + ((int)Math.Floor(c.AzimuthDeg) % 360)] = c.ThicknessUm;
            }

            double top = result.Crossings.Where(c => c.Slice == firstSlice).Max(c => c.ZMm);
            double rowMm = every * result.VoxelUm / 1000;
            var heatmap = plot.Add.Heatmap(cells);
            heatmap.Rectangle = new CoordinateRect(0, turns, top - ((cells.GetLength(0) - 0.5) * rowMm), top + (0.5 * rowMm));
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.NaNCellColor = Colors.White;
            plot.Add.ColorBar(heatmap).Label = "electrode thickness (µm)";
        }

        plot.Title("Cathode electrode thickness unrolled along the winding");
        plot.XLabel("along the winding (turn + azimuth / 360°)");
        plot.YLabel("z (mm)");
        return FigureFiles.Save(plot, Path.Combine(directory, "electrode_thickness_unrolled"), 1000, 500);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
