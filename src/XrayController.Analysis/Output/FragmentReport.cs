using System.Globalization;
using ScottPlot;
using XrayController.Analysis.Fragments;

namespace XrayController.Analysis.Output;

/// <summary>
/// Writes the fragment analysis into one folder: <c>fragments.csv</c> (every fragment), <c>particles.csv</c>,
/// <c>depth_regions.csv</c> (the size distribution per depth region: count, median and mean equivalent diameter, and the
/// histogram's counts per diameter bin) and the figure <c>fragment_size_by_depth</c> (PNG and SVG).
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
        return [fragments, particles, regions, .. Figure(directory, result)];
    }

    /// <summary>A few lines for the terminal.</summary>
    public static string Summary(FragmentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string regions = string.Join("; ", result.Regions.Select(r => Invariant($"{r.Index}: {r.Fragments} (median {r.MedianDiameterUm:0.00} µm)")));
        return Invariant($"""
            {result.Source}: {result.Quantity} volume {result.Shape}, voxel {result.VoxelUm:G4} µm; particle level {result.ParticleThreshold:G4} (material {result.MaterialThreshold:G4})
            {result.Particles.Count} particles, {result.Fragments.Count} fragments{(result.ExcludedPieces > 0 ? $" ({result.ExcludedPieces} pieces wider than a particle left out)" : string.Empty)}; electrode {result.ElectrodeThicknessUm:0.0} µm thick from depth {result.ElectrodeTopUm:0.0} µm{(result.CollectorTopUm is { } collector ? $", current collector from {collector:0.0} µm (left out)" : string.Empty)}
            fragments by depth region (1 = top): {regions}
            """);
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
        string png = Path.Combine(directory, "fragment_size_by_depth.png");
        string svg = Path.Combine(directory, "fragment_size_by_depth.svg");
        plot.SavePng(png, 800, 600);
        plot.SaveSvg(svg, 800, 600);
        return [png, svg];
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("0.####", CultureInfo.InvariantCulture) : string.Empty;

    private static string Join(params object[] fields) => string.Join(',', fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
