using PureHDF;
using ScottPlot;
using SkiaSharp;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Output;

namespace XrayController.Analysis.Tests;

/// <summary>
/// The close-ups of a cell's defects index the data as the orthoslices do: a bright voxel planted where a defect is
/// reported is drawn white at the defect's coordinates (µm) in both cuts, and the dark voxels beside it dark.
/// </summary>
public sealed class DefectFiguresTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("defect-figures-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(SlicePlane.XY, 80, 120, 80, 60)]
    [InlineData(SlicePlane.XZ, 80, -20, 140, -20)]
    public void A_voxel_planted_at_a_defect_appears_at_its_coordinates(SlicePlane plane, double across, double up, double darkAcross, double darkUp)
    {
        // Slice 5 of a volume whose slice 0 is at z = 30 µm lies at z = −20 µm; row 20 and column 40 of 64 at
        // y = (32 − 20)·10 = 120 µm and x = (40 − 32)·10 = 80 µm.
        var shape = new VolumeShape(8, 64, 64);
        var values = new float[shape.Count];
        values[shape.Index(5, 20, 40)] = 10;
        var volume = new PhaseVolume(shape, values, 10, "attenuation", "planted.h5");
        double radius = Math.Sqrt((0.08 * 0.08) + (0.12 * 0.12));
        var defect = new CellDefect("void", 1, -0.025, -0.015, 50, 62, radius, 0.08, 0.12, -0.02, 30, 12);
        var cell = new CellInspectionResult("planted.h5", 10, 0, 0, 0.3, 50, 0.27, 0.02, [], [defect]);

        Plot plot = DefectFigures.Figure(volume, topZMm: 0.03, cell, defect, plane);
        string png = Path.Combine(_directory, "defect.png");
        plot.SavePng(png, VolumeFigures.Width, VolumeFigures.Height);
        using SKBitmap image = SKBitmap.Decode(png);

        Pixel at = plot.GetPixel(new Coordinates(across, up));
        Pixel beside = plot.GetPixel(new Coordinates(darkAcross, darkUp));
        Assert.True(image.GetPixel((int)at.X, (int)at.Y).Red > 200, $"{plane}: the voxel planted at ({across}, {up}) µm is not white at pixel {at}");
        SKColor dark = image.GetPixel((int)beside.X, (int)beside.Y);
        Assert.True(dark.Red < 60 && dark.Green < 60, $"{plane}: ({darkAcross}, {darkUp}) µm is not dark at pixel {beside}: {dark}");
        Assert.Equal(("x (µm)", plane == SlicePlane.XY ? "y (µm)" : "z (µm)"), (plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text));
    }

    [Fact]
    public void Each_defect_of_a_drawn_cell_gets_two_close_ups_named_after_its_row()
    {
        PhaseVolume drawn = CellInspectionTests.DrawnCell();
        string path = Path.Combine(_directory, "cell_recon.h5");
        var recon = new H5Dataset(drawn.Values, fileDims: [(ulong)drawn.Shape.Depth, (ulong)drawn.Shape.Height, (ulong)drawn.Shape.Width])
        {
            Attributes = new Dictionary<string, object> { ["voxel_size_um"] = 5.0, ["top_z_mm"] = 0.02 },
        };
        new H5File { ["exchange"] = new H5Group { ["recon"] = recon } }.Write(path);
        CellInspectionResult result = CellReport.Inspect(path);

        IReadOnlyList<string> written = CellReport.Write(_directory, result, path);

        Assert.Equal(["copper-deflection", "void"], result.Defects.Select(d => d.Kind));
        Assert.Equal(
            ["defect_1_copper-deflection_xy", "defect_1_copper-deflection_xz", "defect_2_void_xy", "defect_2_void_xz"],
            written.Where(f => Path.GetFileName(f).StartsWith("defect_", StringComparison.Ordinal) && f.EndsWith(".png", StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension));
        Assert.All(written.Where(f => Path.GetFileName(f).StartsWith("defect_", StringComparison.Ordinal)), f => Assert.True(new FileInfo(f).Length > 1000, f));
        Assert.Equal(8, written.Count(f => Path.GetFileName(f).StartsWith("defect_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Of_many_defects_the_most_crossed_are_drawn_in_their_order()
    {
        CellDefect[] defects = [.. Enumerable.Range(0, 15).Select(n => new CellDefect("void", 1, 0, 0.01, 0, 10, 0.5, 0, 0, 0, 30, n == 3 ? 2 : 100 - n))];

        Assert.Equal([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12], DefectFigures.Drawn(defects));
        Assert.Equal([0, 1], DefectFigures.Drawn(defects[..2]));
    }
}
