using System.Globalization;
using ScottPlot;
using XrayController.Analysis.Xanes;

namespace XrayController.Analysis.Output;

/// <summary>
/// The XANES figures as PNG and SVG (ScottPlot): fragment mean edge energy against fragment volume in three size groups,
/// each group's mean drawn with its 95 % confidence interval (after Zan et al. 2021, Fig. 5c), grain edge-energy standard deviation against grain mean coloured by the damage class
/// of the parent particle (Fig. 5f; grains whose std their noise explains drawn hollow at 0), the edge-energy map of the middle slice (in µm from the rotation axis, as
/// <see cref="VolumeFigures.AcrossTheAxis"/> places an x-y slice), and the material's mean spectrum. Only
/// finite values are drawn; a figure with nothing to draw says so in its title.
/// </summary>
public static class XanesPlots
{
    private const int Width = 800;
    private const int Height = 600;

    public static IReadOnlyList<string> Write(string directory, XanesResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Fonts.Default = "DejaVu Sans";
        return
        [
            .. FigureFiles.Save(FragmentFigure(result), Path.Combine(directory, "fragments_edge_vs_volume"), Width, Height),
            .. FigureFiles.Save(GrainFigure(result), Path.Combine(directory, "grains_std_vs_mean"), Width, Height),
            .. FigureFiles.Save(EdgeMapFigure(result), Path.Combine(directory, "edge_map_middle_slice"), Width, Height),
            .. FigureFiles.Save(SpectrumFigure(result), Path.Combine(directory, "mean_spectrum"), Width, Height),
        ];
    }

    private static Plot FragmentFigure(XanesResult result)
    {
        var plot = new Plot();
        Color[] colours = [Colors.SteelBlue, Colors.DarkOrange, Colors.ForestGreen];
        int drawn = AddGroups(plot, result.Fragments, f => f.SizeGroup, f => f.VolumeUm3, f => f.MeanEdgeEv, colours, markerSize: 8);
        foreach (GroupMean group in GroupMeans(result.Fragments))
        {
            Color colour = colours[(int)group.Group];
            var bar = plot.Add.ErrorBar([group.VolumeUm3], [group.Edge.Mean], [group.Edge.HalfWidth]);
            bar.Color = colour;
            bar.LineWidth = 2;
            var mean = plot.Add.ScatterPoints(new[] { group.VolumeUm3 }, new[] { group.Edge.Mean }, colour);
            mean.MarkerShape = MarkerShape.FilledDiamond;
            mean.MarkerSize = 14;
            mean.LegendText = string.Create(CultureInfo.InvariantCulture, $"{group.Group.ToString().ToLowerInvariant()} mean ± 95 % CI: {group.Edge.Mean:0.00} ± {group.Edge.HalfWidth:0.00} eV");
        }

        plot.Axes.Left.TickGenerator = EnergyTicks();
        Label(plot, drawn, "Fragment mean Ni K-edge energy vs volume", "fragment volume (µm³)", "mean edge energy (eV)");
        return plot;
    }

    private static Plot GrainFigure(XanesResult result)
    {
        var plot = new Plot();
        GrainRow[] resolved = [.. result.Grains.Where(g => !WithinNoise(g))];
        int drawn = AddGroups(plot, resolved, g => g.DamageClass, g => g.MeanEdgeEv, g => g.SpreadEdgeEv, [Colors.ForestGreen, Colors.DarkOrange, Colors.Crimson], markerSize: 6);
        GrainRow[] clipped = [.. result.Grains.Where(g => WithinNoise(g) && double.IsFinite(g.MeanEdgeEv))];
        if (clipped.Length > 0)
        {
            // A grain whose spread the noise explains has no spread of its own to show: drawn hollow at 0, not hidden among the others.
            var points = plot.Add.ScatterPoints(clipped.Select(g => g.MeanEdgeEv).ToArray(), new double[clipped.Length], Colors.Black);
            points.MarkerShape = MarkerShape.OpenCircle;
            points.MarkerSize = 8;
            points.LegendText = $"std within its noise, drawn at 0 ({clipped.Length})";
            drawn += clipped.Length;
        }

        plot.Axes.Bottom.TickGenerator = EnergyTicks();
        Label(plot, drawn, "Primary grains: intra-granular spread vs mean edge energy", "grain mean edge energy (eV)", "grain spread of edge energy, noise removed (eV)");
        return plot;
    }

    private static Plot EdgeMapFigure(XanesResult result) => EdgeMap(result.EdgeEv, result.Stack.Shape, result.Stack.VoxelSizeUm);

    /// <summary>The edge-energy map of the middle slice of <paramref name="edgeEv"/> ([z, y, x], NaN where no edge), in µm from the rotation axis; white where there is no edge.</summary>
    public static Plot EdgeMap(float[] edgeEv, VolumeShape shape, double voxelUm)
    {
        ArgumentNullException.ThrowIfNull(edgeEv);
        int z = shape.Depth / 2;
        var cells = new double[shape.Height, shape.Width];
        int finite = 0;
        for (int y = 0; y < shape.Height; y++)
        {
            for (int x = 0; x < shape.Width; x++)
            {
                float value = edgeEv[shape.Index(z, y, x)];
                cells[y, x] = value;
                finite += float.IsFinite(value) ? 1 : 0;
            }
        }

        var plot = new Plot();
        CoordinateRect extent = VolumeFigures.AcrossTheAxis(shape, voxelUm);
        if (finite > 0)
        {
            var heatmap = plot.Add.Heatmap(cells);
            heatmap.Rectangle = extent;
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.NaNCellColor = Colors.White;
            var colourBar = plot.Add.ColorBar(heatmap);
            colourBar.Label = "edge energy (eV)";
            colourBar.Axis.TickGenerator = EnergyTicks();
        }

        plot.Axes.SquareUnits();
        plot.Axes.SetLimits(extent.Left, extent.Right, extent.Bottom, extent.Top);
        Label(plot, finite, string.Create(CultureInfo.InvariantCulture, $"Ni K-edge energy, slice {z} ({voxelUm:0.###} µm voxels)"), "x (µm)", "y (µm)");
        return plot;
    }

    private static Plot SpectrumFigure(XanesResult result)
    {
        var plot = new Plot();
        double[] energies = [.. result.Stack.EnergiesEv];
        int[] finite = [.. Enumerable.Range(0, energies.Length).Where(k => double.IsFinite(result.MeanSpectrum[k]))];
        if (finite.Length > 0)
        {
            var line = plot.Add.Scatter(finite.Select(k => energies[k]).ToArray(), finite.Select(k => result.MeanSpectrum[k]).ToArray());
            line.LegendText = "material mean";
            plot.Add.VerticalLine(result.Normaliser.E0Ev).LegendText = $"E0 = {result.Normaliser.E0Ev:F2} eV";
        }

        plot.Axes.Bottom.TickGenerator = EnergyTicks();
        Label(plot, finite.Length, "Mean attenuation of the material", "energy (eV)", "attenuation (recon units)");
        return plot;
    }

    /// <summary>A size group's mean edge energy with its 95 % interval (<see cref="SampleStatistics.Mean"/>), at the geometric mean of its fragments' volumes.</summary>
    internal sealed record GroupMean(SizeGroup Group, double VolumeUm3, MeanInterval Edge);

    /// <summary>Each size group of two or more fragments with a finite edge: the uncertainty a reader needs where a group holds a few fragments.</summary>
    internal static IReadOnlyList<GroupMean> GroupMeans(IEnumerable<FragmentRow> fragments) =>
    [
        .. fragments.Where(f => double.IsFinite(f.MeanEdgeEv) && f.VolumeUm3 > 0)
            .GroupBy(f => f.SizeGroup)
            .OrderBy(g => g.Key)
            .Select(g => (g, Edge: SampleStatistics.Mean([.. g.Select(f => f.MeanEdgeEv)])))
            .Where(m => m.Edge is not null)
            .Select(m => new GroupMean(m.g.Key, Math.Exp(m.g.Average(f => Math.Log(f.VolumeUm3))), m.Edge!.Value)),
    ];

    /// <summary>Whether the grain's edge-energy std is no more than its noise, so that its own spread is clipped to 0.</summary>
    private static bool WithinNoise(GrainRow grain) => double.IsFinite(grain.StdEdgeEv) && double.IsFinite(grain.NoiseStdEv) && grain.StdEdgeEv <= grain.NoiseStdEv;

    /// <summary>One scatter series per group (finite points only), coloured in the group's order; returns the points drawn.</summary>
    private static int AddGroups<TRow, TGroup>(Plot plot, IEnumerable<TRow> rows, Func<TRow, TGroup> group, Func<TRow, double> x, Func<TRow, double> y, Color[] colours, float markerSize)
        where TGroup : struct, Enum
    {
        int drawn = 0;
        foreach (TGroup value in Enum.GetValues<TGroup>())
        {
            TRow[] members = [.. rows.Where(r => group(r).Equals(value) && double.IsFinite(x(r)) && double.IsFinite(y(r)))];
            if (members.Length > 0)
            {
                var points = plot.Add.ScatterPoints(members.Select(x).ToArray(), members.Select(y).ToArray(), colours[Convert.ToInt32(value, CultureInfo.InvariantCulture)]);
                points.LegendText = $"{value.ToString().ToLowerInvariant()} ({members.Length})";
                points.MarkerSize = markerSize;
                drawn += members.Length;
            }
        }

        return drawn;
    }

    /// <summary>Energies near 8.3 keV with a tenth of an eV and no thousands separator, which would read as a decimal comma.</summary>
    private static ScottPlot.TickGenerators.NumericAutomatic EnergyTicks() =>
        new() { LabelFormatter = v => v.ToString("0.#", CultureInfo.InvariantCulture) };

    private static void Label(Plot plot, int drawn, string title, string x, string y)
    {
        plot.Title(drawn > 0 ? title : $"{title}: nothing with a valid edge to draw");
        plot.XLabel(x);
        plot.YLabel(y);
        if (drawn > 0)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }
    }
}
