using System.Globalization;
using ScottPlot;
using XrayController.Analysis.Fragments;

namespace XrayController.Analysis.Output;

/// <summary>
/// Writes the fragment analysis into one folder: <c>fragments.csv</c> (every fragment), <c>particles.csv</c>,
/// <c>depth_regions.csv</c> (the size distribution per depth region: count, median and mean equivalent diameter, and the
/// histogram's counts per diameter bin) and the figures <c>fragment_size_by_depth</c> (the histograms) and
/// <c>fragment_size_trend</c> (every fragment's size against its depth, each region's mean with its 95 % interval and
/// Spearman's rank correlation over all fragments: the statistic pooled, which a few fragments per region can carry
/// where their histograms cannot), PNG and SVG.
/// </summary>
public static class FragmentReport
{
    public static IReadOnlyList<string> Write(string directory, FragmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        string fragments = Path.Combine(directory, "fragments.csv");
        File.WriteAllLines(fragments, [
            "id,voxels,volume_um3,equivalent_diameter_um,depth_um,region,particle",
            .. result.Fragments.Select(f => Join(f.Id, f.Voxels, Number(f.VolumeUm3), Number(f.DiameterUm), Number(f.DepthUm), f.Region, f.Particle)),
        ]);
        string particles = Path.Combine(directory, "particles.csv");
        File.WriteAllLines(particles, [
            "id,voxels,volume_um3,fragments,region",
            .. result.Particles.Select(p => Join(p.Id, p.Voxels, Number(p.VolumeUm3), p.Fragments, p.Region)),
        ]);
        string regions = Path.Combine(directory, "depth_regions.csv");
        IEnumerable<string> bins = result.BinEdgesUm.Zip(result.BinEdgesUm.Skip(1), (a, b) => Invariant($"d_{a:0.##}_{b:0.##}_um"));
        File.WriteAllLines(regions, [
            "region,from_depth_um,to_depth_um,fragments,median_diameter_um,mean_diameter_um," + string.Join(',', bins),
            .. result.Regions.Select(r => Join(r.Index, Number(r.FromUm), Number(r.ToUm), r.Fragments, Number(r.MedianDiameterUm), Number(r.MeanDiameterUm)) + "," + string.Join(',', r.Histogram)),
        ]);
        return [fragments, particles, regions, .. Figure(directory, result), .. TrendFigure(directory, result)];
    }

    /// <summary>A few lines for the terminal.</summary>
    public static string Summary(FragmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string regions = string.Join("; ", result.Regions.Select(r => r.Fragments == 0 ? Invariant($"{r.Index}: 0") : Invariant($"{r.Index}: {r.Fragments} (median {r.MedianDiameterUm:0.00} µm)")));
        return Invariant($"""
            {result.Source}: {result.Quantity} volume {result.Shape}, voxel {result.VoxelUm:G4} µm; particle level {result.ParticleThreshold:G4} (material {result.MaterialThreshold:G4})
            {result.Particles.Count} particles, {result.Fragments.Count} fragments{(result.ExcludedPieces > 0 ? $" ({result.ExcludedPieces} pieces wider than a particle left out)" : string.Empty)}; electrode {result.ElectrodeThicknessUm:0.0} µm thick from depth {result.ElectrodeTopUm:0.0} µm{(result.CollectorTopUm is { } collector ? $", current collector from {collector:0.0} µm (left out)" : string.Empty)}
            fragments by depth region (1 = top): {regions}
            size against depth: {Describe(Trend(result))}
            """);
    }

    /// <summary>Spearman's ρ between the fragments' depth and their equivalent diameter, over every fragment.</summary>
    public static RankTrend? Trend(FragmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return SampleStatistics.Trend([.. result.Fragments.Select(f => f.DepthUm)], [.. result.Fragments.Select(f => f.DiameterUm)]);
    }

    private static string Describe(RankTrend? trend) => trend is { } t
        ? Invariant($"Spearman ρ = {t.Rho:0.00}, p = {t.P:0.###} over {t.Count} fragments ({(t.P < 0.05 ? (t.Rho < 0 ? "smaller" : "larger") + " deeper" : "no trend at the 5 % level")})")
        : "too few fragments for a trend";

    private static string[] TrendFigure(string directory, FragmentResult result)
    {
        var plot = new Plot();
        Color[] colours = [Colors.SteelBlue, Colors.DarkOrange, Colors.ForestGreen, Colors.Crimson, Colors.MediumPurple];
        foreach (DepthRegion region in result.Regions)
        {
            Color colour = colours[(region.Index - 1) % colours.Length];
            FragmentRow[] members = [.. result.Fragments.Where(f => f.Region == region.Index)];
            if (members.Length > 0)
            {
                var points = plot.Add.ScatterPoints(members.Select(f => f.DepthUm).ToArray(), members.Select(f => f.DiameterUm).ToArray(), colour.WithAlpha(0.5));
                points.MarkerSize = 6;
                points.LegendText = Invariant($"region {region.Index}: {region.FromUm:0.0}–{region.ToUm:0.0} µm ({members.Length})");
            }

            if (SampleStatistics.Mean([.. members.Select(f => f.DiameterUm)]) is { } mean)
            {
                double middle = (region.FromUm + region.ToUm) / 2;
                var bar = plot.Add.ErrorBar([middle], [mean.Mean], [mean.HalfWidth]);
                bar.Color = colour;
                bar.LineWidth = 2;
                var diamond = plot.Add.ScatterPoints(new[] { middle }, new[] { mean.Mean }, colour);
                diamond.MarkerShape = MarkerShape.FilledDiamond;
                diamond.MarkerSize = 14;
                diamond.LegendText = Invariant($"region {region.Index} mean ± 95 % CI: {mean.Mean:0.00} ± {mean.HalfWidth:0.00} µm");
            }
        }

        plot.Title(Invariant($"Fragment size against depth{Environment.NewLine}{Describe(Trend(result))}"));
        plot.XLabel("depth below the electrode's top (µm)");
        plot.YLabel("fragment equivalent diameter (µm)");
        if (result.Fragments.Count > 0)
        {
            // Beside the axes: the points fill the plot wherever the trend puts them.
            plot.ShowLegend(Edge.Right);
        }

        return FigureFiles.Save(plot, Path.Combine(directory, "fragment_size_trend"), 1100, 600);
    }

    private static string[] Figure(string directory, FragmentResult result)
    {
        Fonts.Default = "DejaVu Sans";
        var plot = new Plot();
        Color[] colours = [Colors.SteelBlue, Colors.DarkOrange, Colors.ForestGreen, Colors.Crimson, Colors.MediumPurple];
        int regions = result.Regions.Count;
        double binWidth = result.BinEdgesUm.Count > 1 ? result.BinEdgesUm[1] - result.BinEdgesUm[0] : 1;

        // The regions' bars side by side fill their bin from edge to edge; an empty bin draws nothing.
        double barWidth = binWidth / regions;
        foreach (DepthRegion region in result.Regions)
        {
            Bar[] bars =
            [
                .. region.Histogram.Select((count, b) => (count, b)).Where(c => c.count > 0).Select(c => new Bar
                {
                    Position = result.BinEdgesUm[c.b] + (barWidth * (region.Index - 0.5)),
                    Value = c.count,
                    Size = barWidth,
                    LineWidth = 0,
                    FillColor = colours[(region.Index - 1) % colours.Length],
                }),
            ];
            var series = plot.Add.Bars(bars);
            series.LegendText = Invariant($"region {region.Index}: {region.FromUm:0.0}–{region.ToUm:0.0} µm ({region.Fragments})");
        }

        // Ticks on the bins' edges, labelled on at most about 16 of them.
        var edges = new ScottPlot.TickGenerators.NumericManual();
        int labelEvery = Math.Max(1, (result.BinEdgesUm.Count + 15) / 16);
        for (int i = 0; i < result.BinEdgesUm.Count; i++)
        {
            double edge = result.BinEdgesUm[i];
            if (i % labelEvery == 0)
            {
                edges.AddMajor(edge, edge.ToString("0.#", CultureInfo.InvariantCulture));
            }
            else
            {
                edges.AddMinor(edge);
            }
        }

        plot.Axes.Bottom.TickGenerator = edges;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Margins(bottom: 0);
        plot.Title("Fragment size distribution by depth through the electrode");
        plot.XLabel("fragment equivalent diameter (µm)");
        plot.YLabel("fragments");
        plot.ShowLegend(Alignment.UpperRight);
        return FigureFiles.Save(plot, Path.Combine(directory, "fragment_size_by_depth"), 800, 600);
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("0.####", CultureInfo.InvariantCulture) : string.Empty;

    private static string Join(params object[] fields) => string.Join(',', fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
