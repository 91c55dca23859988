using ScottPlot;
using SkiaSharp;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Output;
using XanesFragment = XrayController.Analysis.Xanes.FragmentRow;
using SizeGroup = XrayController.Analysis.Xanes.SizeGroup;

namespace XrayController.Analysis.Tests;

/// <summary>
/// The orthoslices index the data: a bright voxel planted in a dark volume is drawn white at the coordinate (µm, in
/// the sample's frame) its indices give, and the mirrored coordinate is dark.
/// </summary>
public sealed class VolumeFiguresTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("figures-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(SlicePlane.XY, 6, 5, 25, 310.8, -186.8)]
    [InlineData(SlicePlane.XZ, 2, 16, 8, 290.4, 47.6)]
    [InlineData(SlicePlane.YZ, 9, 27, 16, -213.2, 39.2)]
    public void A_planted_voxel_appears_at_the_coordinate_its_indices_give(SlicePlane plane, int k, int i, int j, double across, double up)
    {
        var shape = new VolumeShape(12, 32, 32);
        var values = new float[shape.Count];
        values[shape.Index(k, i, j)] = 10;
        var volume = new PhaseVolume(shape, values, 1.2, "attenuation", "planted.h5");
        var frame = new VolumeFigures.SliceFrame(0.0012, TopZMm: 0.05, CentreXMm: 0.3, CentreYMm: -0.2);

        Plot plot = VolumeFigures.Figure(volume, frame, plane);
        string png = Path.Combine(_directory, "slice.png");
        plot.SavePng(png, VolumeFigures.Width, VolumeFigures.Height);
        using SKBitmap image = SKBitmap.Decode(png);

        Pixel at = plot.GetPixel(new Coordinates(across, up));
        Pixel mirrored = plot.GetPixel(new Coordinates(across, up + (plane == SlicePlane.XY ? 2 * (-200 - up) : 2 * (44 - up))));
        Assert.True(image.GetPixel((int)at.X, (int)at.Y).Red > 200, $"{plane}: the planted voxel at ({across}, {up}) µm is not white at pixel {at}");
        Assert.True(image.GetPixel((int)mirrored.X, (int)mirrored.Y).Red < 60, $"{plane}: the mirror image of ({across}, {up}) µm is not dark at pixel {mirrored}");
    }

    [Fact]
    public void The_edge_map_draws_a_planted_edge_at_the_coordinate_its_indices_give()
    {
        var shape = new VolumeShape(5, 24, 24);
        float[] edges = [.. Enumerable.Repeat(float.NaN, shape.Count)];
        edges[shape.Index(2, 4, 19)] = 8350.3f;
        edges[shape.Index(2, 20, 3)] = 8351.1f;

        Plot plot = XanesPlots.EdgeMap(edges, shape, 0.5);
        string png = Path.Combine(_directory, "edge.png");
        plot.SavePng(png, 800, 600);
        using SKBitmap image = SKBitmap.Decode(png);

        // Column 19 is x = (19 − 12)·0.5 = 3.5 µm, row 4 is y = (12 − 4)·0.5 = 4 µm; column 3, row 20 is (−4.5, −4) µm.
        foreach ((double x, double y) in new[] { (3.5, 4.0), (-4.5, -4.0) })
        {
            Pixel at = plot.GetPixel(new Coordinates(x, y));
            SKColor colour = image.GetPixel((int)at.X, (int)at.Y);
            Assert.False(colour.Red > 240 && colour.Green > 240 && colour.Blue > 240, $"the edge planted at ({x}, {y}) µm is white at pixel {at}");
            Pixel mirrored = plot.GetPixel(new Coordinates(x, -y));
            SKColor empty = image.GetPixel((int)mirrored.X, (int)mirrored.Y);
            Assert.True(empty.Red > 240 && empty.Green > 240 && empty.Blue > 240, $"({x}, {-y}) µm holds no edge but is not white at pixel {mirrored}");
        }

        Assert.Equal(("x (µm)", "y (µm)"), (plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text));
    }

    [Fact]
    public void Every_plane_is_labelled_in_micrometres()
    {
        var shape = new VolumeShape(8, 16, 16);
        var volume = new PhaseVolume(shape, [.. Enumerable.Range(0, shape.Count).Select(v => (float)(v % 7))], 2.0, "delta", "small.h5");

        foreach (SlicePlane plane in Enum.GetValues<SlicePlane>())
        {
            Plot plot = VolumeFigures.Figure(volume, new VolumeFigures.SliceFrame(0.002, 0.008, 0, 0), plane);
            Assert.Contains("µm", plot.Axes.Bottom.Label.Text, StringComparison.Ordinal);
            Assert.Contains("µm", plot.Axes.Left.Label.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_fragment_size_group_of_two_or_more_gets_its_mean_with_a_95_percent_t_interval()
    {
        XanesFragment[] fragments =
        [
            new(1, 10, 1, 10, 8340, SizeGroup.Small, 1),
            new(2, 100, 10, 100, 8342, SizeGroup.Small, 1),
            new(3, 1000, 100, 1000, 8344, SizeGroup.Small, 2),
            new(4, 5000, 5000, 5000, 8350, SizeGroup.Large, 2),
            new(5, 90, 9, 0, double.NaN, SizeGroup.Medium, 3),
            new(6, 80, 8, 80, 8346, SizeGroup.Medium, 3),
        ];

        XanesPlots.GroupMean small = Assert.Single(XanesPlots.GroupMeans(fragments));

        // Three means 2 eV apart: standard deviation 2 eV, t(0.975, 2 degrees of freedom) = 4.3027.
        Assert.Equal((SizeGroup.Small, 3), (small.Group, small.Edge.Count));
        Assert.Equal(10, small.VolumeUm3, 9);
        Assert.Equal(8342, small.Edge.Mean, 9);
        Assert.Equal(4.3027 * 2 / Math.Sqrt(3), small.Edge.HalfWidth, 3);
    }
}
