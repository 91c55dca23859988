using System.Globalization;
using ScottPlot;
using XrayController.Analysis.Cell;

namespace XrayController.Analysis.Output;

/// <summary>
/// Close-ups of each defect a cell inspection found, cut from the volume it inspected and placed in µm of the volume's
/// frame as the orthoslices are (<see cref="VolumeFigures"/>): the x–y slice at the defect's height, framing the arc of
/// the winding it spans, and the x–z slice through its centre, as wide and at least as tall, framing its height. Red dashes bracket the defect: in x–y
/// its arc drawn <see cref="BracketUm"/> (or the defect's size, if larger) inside and outside the electrode it broke, in
/// x–z its height over as wide a band. Each figure is written as PNG and SVG, named defect_N_KIND_xy and _xz after its
/// row N in defects.csv; at most <see cref="MostDrawn"/> defects are drawn.
/// </summary>
public static class DefectFigures
{
    /// <summary>The smallest side of a close-up (µm): enough to show the turns either side of a defect.</summary>
    public const double MinimumWindowUm = 400;

    /// <summary>How far from the defect the brackets are drawn (µm), clear of an electrode's coats.</summary>
    public const double BracketUm = 120;

    /// <summary>The most defects drawn: a cell with many (a poor reconstruction, a badly damaged cell) is listed whole in defects.csv.</summary>
    public const int MostDrawn = 12;

    private const double MarginUm = 60;

    /// <summary>The close-ups of <paramref name="cell"/>'s defects, cut from the volume in <paramref name="volumePath"/>, into <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Write(string volumePath, CellInspectionResult cell, string directory)
    {
        ArgumentNullException.ThrowIfNull(cell);
        using VolumeFile volume = VolumeFile.Open(volumePath, null, "the defects' close-ups");
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (int n in Drawn(cell.Defects))
        {
            CellDefect defect = cell.Defects[n];
            foreach (SlicePlane plane in new[] { SlicePlane.XY, SlicePlane.XZ })
            {
                Plot plot = Figure(volume, volume.TopZMm, cell, defect, plane);
                string name = Path.Combine(directory, Invariant($"defect_{n + 1}_{defect.Kind}_{plane.ToString().ToLowerInvariant()}"));
                written.AddRange(FigureFiles.Save(plot, name, VolumeFigures.Width, VolumeFigures.Height));
            }
        }

        return written;
    }

    /// <summary>
    /// The rows of the defects drawn: all of them up to <see cref="MostDrawn"/>, else the <see cref="MostDrawn"/> that the
    /// most radial lines crossed (the best supported), in their order in defects.csv.
    /// </summary>
    public static IReadOnlyList<int> Drawn(IReadOnlyList<CellDefect> defects)
    {
        ArgumentNullException.ThrowIfNull(defects);
        return [.. Enumerable.Range(0, defects.Count).OrderByDescending(n => defects[n].Crossings).ThenBy(n => n).Take(MostDrawn).Order()];
    }

    /// <summary>The close-up of <paramref name="defect"/> in <paramref name="plane"/> (x–y or x–z), slice 0 of <paramref name="volume"/> at height <paramref name="topZMm"/>.</summary>
    public static Plot Figure(IVolume volume, double topZMm, CellInspectionResult cell, CellDefect defect, SlicePlane plane)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(defect);
        var grid = new Grid(volume.Shape, volume.VoxelUm, topZMm * 1000);
        double bracket = Math.Max(BracketUm, Math.Abs(defect.SizeUm));
        (double X, double Y)[] arc = [.. Enumerable.Range(0, 33).Select(t => Arc(cell, defect, defect.RadiusMm * 1000, t / 32.0))];
        double xMin = Math.Min(arc.Min(p => p.X), defect.XMm * 1000) - bracket - MarginUm;
        double xMax = Math.Max(arc.Max(p => p.X), defect.XMm * 1000) + bracket + MarginUm;
        double yMin = Math.Min(arc.Min(p => p.Y), defect.YMm * 1000) - bracket - MarginUm;
        double yMax = Math.Max(arc.Max(p => p.Y), defect.YMm * 1000) + bracket + MarginUm;
        double side = Math.Max(MinimumWindowUm, Math.Max(xMax - xMin, yMax - yMin));
        (int j0, int j1) = grid.Columns((xMin + xMax - side) / 2, (xMin + xMax + side) / 2);
        Plot plot;
        if (plane == SlicePlane.XY)
        {
            int k = grid.Slice(defect.ZMm * 1000);
            (int i0, int i1) = grid.Rows((yMin + yMax - side) / 2, (yMin + yMax + side) / 2);
            float[] slice = volume.Slices(k, 1).ToArray();
            var cells = new double[i1 - i0 + 1, j1 - j0 + 1];
            for (int r = 0; r < cells.GetLength(0); r++)
            {
                for (int c = 0; c < cells.GetLength(1); c++)
                {
                    cells[r, c] = slice[((i0 + r) * volume.Shape.Width) + j0 + c];
                }
            }

            plot = VolumeFigures.Greyscale(cells, new CoordinateRect(grid.X(j0) - (grid.Voxel / 2), grid.X(j1) + (grid.Voxel / 2), grid.Y(i1) - (grid.Voxel / 2), grid.Y(i0) + (grid.Voxel / 2)), volume.Quantity);
            foreach (double radius in new[] { (defect.RadiusMm * 1000) - bracket, (defect.RadiusMm * 1000) + bracket })
            {
                (double X, double Y)[] line = [.. Enumerable.Range(0, 33).Select(t => Arc(cell, defect, radius, t / 32.0))];
                Bracket(plot.Add.ScatterLine(line.Select(p => p.X).ToArray(), line.Select(p => p.Y).ToArray()));
            }

            plot.Title(Invariant($"{Describe(defect)}: x–y slice at z = {grid.Z(k):0.#} µm (slice {k})"));
            plot.YLabel("y (µm)");
        }
        else
        {
            int i = grid.Row(defect.YMm * 1000);
            double zLow = Math.Min(defect.FromZMm, defect.ToZMm) * 1000;
            double zHigh = Math.Max(defect.FromZMm, defect.ToZMm) * 1000;
            double height = Math.Max(side, zHigh - zLow + (2 * (bracket + MarginUm)));
            (int k0, int k1) = grid.Slices((zLow + zHigh - height) / 2, (zLow + zHigh + height) / 2);
            var cells = new double[k1 - k0 + 1, j1 - j0 + 1];
            for (int r = 0; r < cells.GetLength(0); r++)
            {
                ReadOnlySpan<float> slice = volume.Slices(k0 + r, 1).Span;
                for (int c = 0; c < cells.GetLength(1); c++)
                {
                    cells[r, c] = slice[(i * volume.Shape.Width) + j0 + c];
                }
            }

            plot = VolumeFigures.Greyscale(cells, new CoordinateRect(grid.X(j0) - (grid.Voxel / 2), grid.X(j1) + (grid.Voxel / 2), grid.Z(k1) - (grid.Voxel / 2), grid.Z(k0) + (grid.Voxel / 2)), volume.Quantity);
            double x = defect.XMm * 1000;
            Bracket(plot.Add.ScatterLine(new[] { x - bracket, x - bracket, x + bracket, x + bracket, x - bracket }, new[] { zLow, zHigh, zHigh, zLow, zLow }));
            plot.Title(Invariant($"{Describe(defect)}: x–z slice at y = {grid.Y(i):0.#} µm (row {i})"));
            plot.YLabel("z (µm)");
        }

        plot.XLabel("x (µm)");
        return plot;
    }

    private static string Describe(CellDefect defect) =>
        Invariant($"{defect.Kind} in turn {defect.Turn}, {defect.SizeUm:0} µm, {defect.FromAzimuthDeg:0}–{defect.ToAzimuthDeg:0}°");

    /// <summary>The point a fraction <paramref name="t"/> along the defect's arc at <paramref name="radiusUm"/> from the cell's centre (µm).</summary>
    private static (double X, double Y) Arc(CellInspectionResult cell, CellDefect defect, double radiusUm, double t)
    {
        double azimuth = (defect.FromAzimuthDeg + ((defect.ToAzimuthDeg - defect.FromAzimuthDeg) * t)) * Math.PI / 180;
        (double sin, double cos) = Math.SinCos(azimuth);
        return ((cell.CentreXMm * 1000) + (radiusUm * cos), (cell.CentreYMm * 1000) + (radiusUm * sin));
    }

    private static void Bracket(ScottPlot.Plottables.Scatter line)
    {
        line.Color = Colors.Red;
        line.LineWidth = 2;
        line.LinePattern = LinePattern.Dashed;
        line.MarkerSize = 0;
    }

    /// <summary>
    /// The volume's voxel centres in µm, as <see cref="VolumeFigures"/> places them: column j at x = (j − W/2)·voxel,
    /// row i at y = (H/2 − i)·voxel, slice k at z = top − k·voxel; a range of coordinates to the indices inside it.
    /// </summary>
    private readonly record struct Grid(VolumeShape Shape, double Voxel, double TopUm)
    {
        public double X(int j) => (j - (Shape.Width / 2)) * Voxel;

        public double Y(int i) => ((Shape.Height / 2) - i) * Voxel;

        public double Z(int k) => TopUm - (k * Voxel);

        public int Row(double y) => Math.Clamp((int)Math.Round((Shape.Height / 2) - (y / Voxel)), 0, Shape.Height - 1);

        public int Slice(double z) => Math.Clamp((int)Math.Round((TopUm - z) / Voxel), 0, Shape.Depth - 1);

        public (int From, int To) Columns(double xLow, double xHigh) =>
            (Math.Clamp((int)Math.Ceiling((xLow / Voxel) + (Shape.Width / 2)), 0, Shape.Width - 1), Math.Clamp((int)Math.Floor((xHigh / Voxel) + (Shape.Width / 2)), 0, Shape.Width - 1));

        public (int From, int To) Rows(double yLow, double yHigh) =>
            (Math.Clamp((int)Math.Ceiling((Shape.Height / 2) - (yHigh / Voxel)), 0, Shape.Height - 1), Math.Clamp((int)Math.Floor((Shape.Height / 2) - (yLow / Voxel)), 0, Shape.Height - 1));

        public (int From, int To) Slices(double zLow, double zHigh) =>
            (Math.Clamp((int)Math.Ceiling((TopUm - zHigh) / Voxel), 0, Shape.Depth - 1), Math.Clamp((int)Math.Floor((TopUm - zLow) / Voxel), 0, Shape.Depth - 1));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
