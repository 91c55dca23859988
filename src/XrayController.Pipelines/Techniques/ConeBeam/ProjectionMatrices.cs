using System.Globalization;
using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// A circular cone-beam geometry read from plastimatch's projection-matrix files (what <c>plastimatch drr</c> writes
/// beside each image and <c>plastimatch fdk</c> reads: the image centre, the 3 × 4 matrix P with column = centre +
/// P₀·X / P₂·X and row = centre + P₁·X / P₂·X, then the source-to-axis and source-to-image distances), one per
/// projection in the order of their names. Each matrix is taken apart into this program's terms: the beam direction
/// P₂ gives the angle and the source's distance from the axis, the parts of P₀ and P₁ across it the pixels per mm
/// at the detector and their directions, and what lies along it the principal point. Matrices that are not of one
/// circular orbit about z with an untilted detector are refused, naming the file.
/// </summary>
public static class ProjectionMatrices
{
    private const double Tolerance = 1e-4;

    /// <summary>The geometry of the <c>*.txt</c> matrix files in <paramref name="folder"/>.</summary>
    public static ConeGeometryFile Read(string folder)
    {
        string[] files = [.. Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal)];
        if (files.Length < 2)
        {
            throw new InputException($"{folder}: a folder of plastimatch projection matrices holds one .txt file per projection; found {files.Length}");
        }

        Projection[] projections = [.. files.Select(Parse)];
        Projection first = projections[0];
        foreach ((Projection p, string file) in projections.Zip(files).Skip(1))
        {
            foreach ((string what, double mine, double theirs) in new[]
            {
                ("source-to-axis distance", p.SourceToAxisMm, first.SourceToAxisMm),
                ("distance over the pixel's width", p.ColumnsPerMm, first.ColumnsPerMm),
                ("distance over the pixel's height", p.RowsPerMm, first.RowsPerMm),
                ("principal column", p.PrincipalColumn, first.PrincipalColumn),
                ("principal row", p.PrincipalRow, first.PrincipalRow),
            })
            {
                if (Math.Abs(mine - theirs) > Tolerance * Math.Max(1, Math.Abs(theirs)))
                {
                    throw new InputException(Invariant($"{file}: its {what} {mine:G6} differs from the first projection's {theirs:G6}; only circular orbits are reconstructed"));
                }
            }
        }

        double[] angles = Unwrapped([.. projections.Select(p => p.AngleDeg)]);
        double sdd = first.SourceToImageMm;
        return new ConeGeometryFile(first.SourceToAxisMm, sdd, sdd / Math.Abs(first.ColumnsPerMm), sdd / Math.Abs(first.RowsPerMm), 0, 0, angles)
        {
            PrincipalPointPx = (first.PrincipalColumn, first.PrincipalRow),
            Axes = new DetectorAxes(ColumnsReversed: first.ColumnsPerMm < 0, RowsReversed: first.RowsPerMm > 0),
        };
    }

    /// <summary>One file taken apart: its angle (this program's θ, the beam along (−sin θ, cos θ, 0)), distances, signed pixels per mm and principal point.</summary>
    private static Projection Parse(string path)
    {
        string name = Path.GetFileName(path);
        double[][] lines = [.. File.ReadLines(path).Take(6).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : double.NaN).ToArray())];
        int[] counts = [2, 4, 4, 4, 1, 1];
        if (lines.Length < counts.Length || lines.Zip(counts).Any(l => l.First.Length != l.Second || l.First.Any(double.IsNaN)))
        {
            throw new InputException($"{name}: not a plastimatch projection matrix (the image centre, three rows of four numbers, the source-to-axis and source-to-image distances)");
        }

        (double[] centre, double[] p0, double[] p1, double[] p2) = (lines[0], lines[1], lines[2], lines[3]);
        double scale = Math.Sqrt((p2[0] * p2[0]) + (p2[1] * p2[1]) + (p2[2] * p2[2]));
        if (!(scale > 0) || Math.Abs(p2[2]) > Tolerance * scale)
        {
            throw new InputException($"{name}: the matrix's third row does not give a beam square to the rotation axis (z); only circular orbits about z are reconstructed");
        }

        (double nx, double ny) = (p2[0] / scale, p2[1] / scale);
        double theta = Math.Atan2(-nx, ny);
        (double ux, double uy) = (Math.Cos(theta), Math.Sin(theta));

        // Row i of P less its part along the beam (which shifts the principal point) must lie along the detector's own axis.
        (double Along, double Across) Split(double[] row, string which, bool horizontal)
        {
            double along = ((row[0] * nx) + (row[1] * ny)) / scale;
            double[] rest = [row[0] - (along * p2[0]), row[1] - (along * p2[1]), row[2] - (along * p2[2]), row[3] - (along * p2[3])];
            double across = horizontal ? ((rest[0] * ux) + (rest[1] * uy)) / scale : rest[2] / scale;
            double stray = horizontal
                ? Math.Abs(rest[2]) + Math.Abs(rest[3]) + Math.Abs(rest[0] - (across * scale * ux)) + Math.Abs(rest[1] - (across * scale * uy))
                : Math.Abs(rest[0]) + Math.Abs(rest[1]) + Math.Abs(rest[3]);
            return stray <= Tolerance * Math.Abs(across * scale)
                ? (along, across)
                : throw new InputException($"{name}: the matrix's {which} row mixes the detector's axes (a tilted detector or a non-circular orbit), which this program does not reconstruct");
        }

        (double columnShift, double columnsPerMm) = Split(p0, "first", horizontal: true);
        (double rowShift, double rowsPerMm) = Split(p1, "second", horizontal: false);
        double sod = p2[3] / scale;
        double sid = lines[5][0];
        return sod > 0 && sid > sod
            ? new Projection(theta * 180 / Math.PI, sod, sid, columnsPerMm, rowsPerMm, centre[0] + columnShift, centre[1] + rowShift)
            : throw new InputException(Invariant($"{name}: the source is {sod:G6} mm from the axis and {sid:G6} mm from the image; the image must lie beyond the axis"));
    }

    /// <summary>Angles made continuous (no jump of 180° or more between neighbours).</summary>
    private static double[] Unwrapped(double[] angles)
    {
        for (int i = 1; i < angles.Length; i++)
        {
            angles[i] -= 360 * Math.Round((angles[i] - angles[i - 1]) / 360);
        }

        return angles;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <param name="ColumnsPerMm">The source-to-image distance over the pixel's width (columns per mm at 1 mm from the source, a point's tangent times it), negative when columns grow against this program's u.</param>
    /// <param name="RowsPerMm">The same for rows, negative when they grow downwards as this program's do.</param>
    private sealed record Projection(double AngleDeg, double SourceToAxisMm, double SourceToImageMm, double ColumnsPerMm, double RowsPerMm, double PrincipalColumn, double PrincipalRow);
}
