using System.Globalization;
using ScottPlot;

namespace XrayController.Analysis.Output;

/// <summary>A plane through a volume: the slice across the axis (x, y), or one containing it (x, z or y, z).</summary>
public enum SlicePlane
{
    XY,
    XZ,
    YZ,
}

/// <summary>
/// Orthoslices of a reconstructed volume through its middle, in µm of the sample's frame so that a coordinate read off
/// a figure indexes the data: voxel (k, i, j) of an N-wide slice is at x = (j − N/2)·voxel, y = (N/2 − i)·voxel from
/// the rotation axis (or from the region's centre, plus that centre, for a roi scan's volume) and at height
/// z = top − k·voxel. Grey levels span the 0.5th to 99.5th percentile of the slice, the colour bar names the
/// quantity. Each figure is written as PNG and SVG.
/// </summary>
public static class VolumeFigures
{
    public const int Width = 760;
    public const int Height = 680;

    /// <summary>The three orthoslices of the volume in <paramref name="path"/> into <paramref name="directory"/> (<c>slice_xy</c>, <c>slice_xz</c>, <c>slice_yz</c>).</summary>
    public static IReadOnlyList<string> Write(string path, string directory)
    {
        using VolumeFile volume = VolumeFile.Open(path, null, "the volume's figures");
        SampleRegionFrame? region = volume.Region;
        return Write(volume, new SliceFrame(volume.VoxelUm / 1000, volume.TopZMm + (region?.ZMm ?? 0), region?.XMm ?? 0, region?.YMm ?? 0), directory);
    }

    /// <summary>The three orthoslices of <paramref name="volume"/>, placed by <paramref name="frame"/>, into <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Write(IVolume volume, SliceFrame frame, string directory)
    {
        ArgumentNullException.ThrowIfNull(volume);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        IReadOnlyDictionary<SlicePlane, double[,]> planes = Planes(volume);
        foreach (SlicePlane plane in Enum.GetValues<SlicePlane>())
        {
            Plot plot = Figure(volume, frame, plane, planes[plane]);
            string name = Path.Combine(directory, "slice_" + plane.ToString().ToLowerInvariant());
            written.AddRange(FigureFiles.Save(plot, name, Width, Height));
        }

        return written;
    }

    /// <summary>Where a volume's voxels lie: the voxel (mm), the height of slice 0 and the centre of its slices, in the sample's frame.</summary>
    public readonly record struct SliceFrame(double VoxelMm, double TopZMm, double CentreXMm, double CentreYMm);

    /// <summary>The figure of one plane through the volume's middle.</summary>
    public static Plot Figure(IVolume volume, SliceFrame frame, SlicePlane plane) => Figure(volume, frame, plane, Planes(volume)[plane]);

    /// <summary>The figure of one plane through the volume's middle, its values <paramref name="cells"/> (<see cref="Planes"/>).</summary>
    private static Plot Figure(IVolume volume, SliceFrame frame, SlicePlane plane, double[,] cells)
    {
        ArgumentNullException.ThrowIfNull(volume);
        VolumeShape shape = volume.Shape;
        double um = frame.VoxelMm * 1000;
        int n = shape.Width;

        CoordinateRect slice = AcrossTheAxis(shape, um, frame.CentreXMm * 1000, frame.CentreYMm * 1000);
        (double xLeft, double xRight, double yBottom, double yTop) = (slice.Left, slice.Right, slice.Bottom, slice.Top);
        double zTop = (frame.TopZMm * 1000) + (0.5 * um);
        double zBottom = (frame.TopZMm * 1000) - ((shape.Depth - 0.5) * um);
        (double left, double right, double bottom, double top, string across, string up, string at) = plane switch
        {
            SlicePlane.XY => (xLeft, xRight, yBottom, yTop, "x", "y", Invariant($"z = {(frame.TopZMm - ((shape.Depth / 2) * frame.VoxelMm)) * 1000:0.#} µm (slice {shape.Depth / 2})")),
            SlicePlane.XZ => (xLeft, xRight, zBottom, zTop, "x", "z", Invariant($"y = {frame.CentreYMm * 1000:0.#} µm (row {shape.Height / 2})")),
            _ => (yBottom, yTop, zBottom, zTop, "y", "z", Invariant($"x = {frame.CentreXMm * 1000:0.#} µm (column {n / 2})")),
        };

        Plot plot = Greyscale(cells, new CoordinateRect(left, right, bottom, top), volume.Quantity);
        plot.Title($"{volume.Source}: {across}–{up} slice at {at}");
        plot.XLabel($"{across} (µm)");
        plot.YLabel($"{up} (µm)");
        return plot;
    }

    /// <summary>
    /// <paramref name="cells"/> (row 0 at the top) drawn in grey over <paramref name="rectangle"/> (µm, square units),
    /// from the 0.5th to the 99.5th percentile, with a colour bar naming the file's <paramref name="quantity"/>.
    /// </summary>
    internal static Plot Greyscale(double[,] cells, CoordinateRect rectangle, string quantity)
    {
        var plot = new Plot();
        Fonts.Default = "DejaVu Sans";
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Rectangle = rectangle;
        heatmap.Colormap = new ScottPlot.Colormaps.Grayscale();
        heatmap.ManualRange = Contrast(cells);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = quantity switch
        {
            "delta" => "δ (refractive index decrement)",
            "attenuation" => "attenuation (1/mm)",
            _ => "value (the file names no quantity)",
        };
        plot.Axes.SquareUnits();
        plot.Axes.SetLimits(rectangle.Left, rectangle.Right, rectangle.Bottom, rectangle.Top);
        return plot;
    }

    /// <summary>
    /// Where an x-y slice's cells lie in µm: column j spans x(j) ± voxel/2 with x(j) = (j − N/2)·voxel, row i spans
    /// y(i) ± voxel/2 with y(i) = (N/2 − i)·voxel (rows go down the image as y falls), about the given centre.
    /// </summary>
    public static CoordinateRect AcrossTheAxis(VolumeShape shape, double voxelUm, double centreXUm = 0, double centreYUm = 0)
    {
        int n = shape.Width;
        return new CoordinateRect(
            ((-(n / 2)) - 0.5) * voxelUm + centreXUm,
            ((n - 1 - (n / 2)) + 0.5) * voxelUm + centreXUm,
            ((shape.Height / 2) - (shape.Height - 1) - 0.5) * voxelUm + centreYUm,
            ((shape.Height / 2) + 0.5) * voxelUm + centreYUm);
    }

    /// <summary>
    /// The three planes' values, read in one pass over the slices; row 0 at the top of the figure (the largest y or z),
    /// columns by increasing x or y.
    /// </summary>
    private static Dictionary<SlicePlane, double[,]> Planes(IVolume volume)
    {
        VolumeShape shape = volume.Shape;
        int n = shape.Width;
        var xy = new double[shape.Height, n];
        var xz = new double[shape.Depth, n];
        var yz = new double[shape.Depth, shape.Height];
        for (int k = 0; k < shape.Depth; k++)
        {
            ReadOnlySpan<float> slice = volume.Slices(k, 1).Span;
            for (int c = 0; c < n; c++)
            {
                xz[k, c] = slice[((shape.Height / 2) * n) + c];
            }

            // y-z: column N/2, rows from the bottom (y rising) to the top.
            for (int c = 0; c < shape.Height; c++)
            {
                yz[k, c] = slice[((shape.Height - 1 - c) * n) + (n / 2)];
            }

            if (k == shape.Depth / 2)
            {
                for (int i = 0; i < shape.Height; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        xy[i, j] = slice[(i * n) + j];
                    }
                }
            }
        }

        return new Dictionary<SlicePlane, double[,]> { [SlicePlane.XY] = xy, [SlicePlane.XZ] = xz, [SlicePlane.YZ] = yz };
    }

    /// <summary>The 0.5th to 99.5th percentile of the finite values (a range of one when they are all the same).</summary>
    private static ScottPlot.Range Contrast(double[,] cells)
    {
        double[] values = [.. cells.Cast<double>().Where(double.IsFinite).Order()];
        if (values.Length == 0)
        {
            return new ScottPlot.Range(0, 1);
        }

        double low = values[(int)(0.005 * (values.Length - 1))];
        double high = values[(int)(0.995 * (values.Length - 1))];
        return high > low ? new ScottPlot.Range(low, high) : new ScottPlot.Range(low, low + 1);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
