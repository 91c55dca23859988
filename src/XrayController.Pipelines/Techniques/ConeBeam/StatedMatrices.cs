using System.Globalization;
using XrayController.Core.Diagnostics;
using XrayController.Reconstruction.Cone;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// Per-projection matrices another program states for a scan (plastimatch's projection-matrix files, RTK's geometry
/// XML), in the order of the projections: twelve values each, mapping a point (x, y, z, 1) in mm in this program's
/// volume frame (z the rotation axis) to the program's detector column and row (<see cref="Millimetres"/>: to its
/// detector coordinates u, v in mm, which its images' pixel spacing and origin turn into columns and rows). They
/// supersede the angles in the file and go to the back-projection as they are; the circular description the filter's
/// weights need is taken from them (<see cref="Resolve"/>). Kept as plain numbers so a cluster job's request records them.
/// </summary>
public sealed record StatedMatrices(IReadOnlyList<double[]> Values, double SourceToDetectorMm)
{
    /// <summary>Whether the matrices give detector millimetres (RTK) rather than pixels (plastimatch).</summary>
    public bool Millimetres { get; init; }

    /// <summary>With <see cref="Millimetres"/>: the images' pixel pitch (u, v) in mm; null for the scan's.</summary>
    public double[]? SpacingMm { get; init; }

    /// <summary>With <see cref="Millimetres"/>: the detector position (u, v) of the first pixel's centre; null for a panel centred on u = v = 0.</summary>
    public double[]? OriginMm { get; init; }

    /// <summary>How the program's detector lies against this program's, from the first matrix's column and row axes.</summary>
    public DetectorAxes Axes(string name)
    {
        Decomposed first = Decompose(Checked(Values[0], name, 0));
        return new DetectorAxes(first.ColumnsReversed, first.RowsReversed);
    }

    /// <summary>
    /// The scan as this program reconstructs it, for a detector of <paramref name="rows"/> × <paramref name="columns"/>
    /// (with <see cref="Millimetres"/>, pixels of <see cref="SpacingMm"/>, or else the scan's
    /// <paramref name="pixelAtSampleMm"/> magnified to the detector): each matrix in this program's layout, and the
    /// circular values the filter weighs by — the medians over the projections of the source's distance from the axis,
    /// the pixels per mm and the principal point, each projection's angle from its central ray. A detector whose columns
    /// or rows run against this program's is read turned (<see cref="Axes"/>).
    /// </summary>
    public ResolvedMatrices Resolve(int rows, int columns, double? pixelAtSampleMm, string name)
    {
        double magnification = SourceToDetectorMm / Checked(Values[0], name, 0).OriginDepthMm;
        (double U, double V)? spacing = SpacingMm is { } stated ? (stated[0], stated[1])
            : pixelAtSampleMm is { } pixel ? (pixel * magnification, pixel * magnification)
            : null;
        ProjectionMatrix[] pixels = [.. Values.Select((values, i) => InPixels(values, rows, columns, spacing, name, i))];
        Decomposed[] parts = [.. pixels.Select(Decompose)];
        var axes = new DetectorAxes(parts[0].ColumnsReversed, parts[0].RowsReversed);
        int disagreeing = Array.FindIndex(parts, p => p.ColumnsReversed != axes.ColumnsReversed || p.RowsReversed != axes.RowsReversed);
        if (disagreeing >= 0)
        {
            throw new InputException($"{name}: projection {disagreeing}'s detector columns or rows run the other way from the first projection's");
        }

        double sdd = SourceToDetectorMm;
        double sod = Median(parts.Select(p => p.OriginDepthMm));
        if (!(sdd > sod))
        {
            throw new InputException(Invariant($"{name}: the source-to-detector distance {sdd:G6} mm does not exceed the source's distance from the axis, {sod:G6} mm"));
        }

        double principalColumn = Median(parts.Select(p => p.PrincipalColumn));
        double principalRow = Median(parts.Select(p => p.PrincipalRow));
        return new ResolvedMatrices(
            sod,
            sdd,
            sdd / Median(parts.Select(p => p.ColumnsPerMm)),
            sdd / Median(parts.Select(p => p.RowsPerMm)),
            (axes.ColumnsReversed ? columns - 1 - principalColumn : principalColumn, axes.RowsReversed ? rows - 1 - principalRow : principalRow),
            Unwrapped([.. parts.Select(p => p.AngleDeg)]),
            [.. pixels.Select(m => m.Reversed(axes.ColumnsReversed, axes.RowsReversed, rows, columns))]);
    }

    /// <summary>One stated matrix in the program's pixels, checked.</summary>
    private ProjectionMatrix InPixels(double[] values, int rows, int columns, (double U, double V)? spacingMm, string name, int index)
    {
        double[] pixels = [.. values];
        if (Millimetres)
        {
            (double su, double sv) = spacingMm ?? throw new InputException($"{name}: an RTK geometry gives detector millimetres and the scan records no pixel size to turn them into pixels; give pixel_size_mm with rtk_geometry in a JSON geometry");
            (double ou, double ov) = OriginMm is { } origin ? (origin[0], origin[1]) : (-(columns - 1) / 2.0 * su, -(rows - 1) / 2.0 * sv);
            for (int i = 0; i < 4; i++)
            {
                pixels[i] = (values[i] - (ou * values[8 + i])) / su;
                pixels[4 + i] = (values[4 + i] - (ov * values[8 + i])) / sv;
            }
        }

        return Checked(pixels, name, index);
    }

    /// <summary>A matrix in normal form, or one line naming the projection that has none.</summary>
    private static ProjectionMatrix Checked(double[] values, string name, int index)
    {
        try
        {
            return ProjectionMatrix.Of(values);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{name}: projection {index}: {e.Message}", e);
        }
    }

    /// <summary>
    /// A normalised matrix taken apart: the central ray n (its third row) gives the angle, the source's distance from
    /// the origin along it and, from the first two rows' parts along it, the principal point; what is left of them is
    /// the column and row axes times the pixels per mm at 1 mm from the source.
    /// </summary>
    private static Decomposed Decompose(ProjectionMatrix m)
    {
        (double nx, double ny, double nz) = (m[2, 0], m[2, 1], m[2, 2]);
        double u0 = (m[0, 0] * nx) + (m[0, 1] * ny) + (m[0, 2] * nz);
        double v0 = (m[1, 0] * nx) + (m[1, 1] * ny) + (m[1, 2] * nz);
        double[] columnAxis = [m[0, 0] - (u0 * nx), m[0, 1] - (u0 * ny), m[0, 2] - (u0 * nz)];
        double[] rowAxis = [m[1, 0] - (v0 * nx), m[1, 1] - (v0 * ny), m[1, 2] - (v0 * nz)];
        double theta = Math.Atan2(-nx, ny);
        double along = (columnAxis[0] * Math.Cos(theta)) + (columnAxis[1] * Math.Sin(theta));
        return new Decomposed(theta * 180 / Math.PI, m.OriginDepthMm, Length(columnAxis), Length(rowAxis), u0, v0, along < 0, rowAxis[2] > 0);
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

    private static double Length(double[] v) => Math.Sqrt((v[0] * v[0]) + (v[1] * v[1]) + (v[2] * v[2]));

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Decomposed(double AngleDeg, double OriginDepthMm, double ColumnsPerMm, double RowsPerMm, double PrincipalColumn, double PrincipalRow, bool ColumnsReversed, bool RowsReversed);
}

/// <summary>
/// Stated matrices resolved for a scan: the circular values the filter weighs by (the principal point in this program's
/// layout), the angles in this program's sense, and each projection's matrix in this program's layout for the
/// back-projection.
/// </summary>
public sealed record ResolvedMatrices(double SourceToObjectMm, double SourceToDetectorMm, double PixelUMm, double PixelVMm, (double Column, double Row) PrincipalPointPx, IReadOnlyList<double> AnglesDeg, IReadOnlyList<ProjectionMatrix> Matrices);
