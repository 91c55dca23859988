using MathNet.Numerics.LinearAlgebra;
using XrayController.Core.Optics;

namespace XrayController.Reconstruction.Cone;

/// <summary>
/// Where one projection sees a point: the 3 × 4 matrix P with column = P₀·X / P₂·X and row = P₁·X / P₂·X,
/// X = (x, y, z, 1) in mm in the volume's frame (z the rotation axis) and column and row in this program's layout
/// (columns to the right and rows downwards seen from the source, the axis up). Kept normalised: P₂'s first three
/// values are a unit vector, the central ray's direction, and P₂·X is then a point's distance from the source along
/// it, positive in front; P₂₃, the origin's, is the distance FDK's weights are taken against.
/// </summary>
public sealed class ProjectionMatrix
{
    private readonly double[] _values;

    private ProjectionMatrix(double[] values) => _values = values;

    /// <summary>P[row, column].</summary>
    public double this[int row, int column] => _values[(row * 4) + column];

    /// <summary>The twelve values row by row.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>The origin's distance from the source along the central ray, mm.</summary>
    public double OriginDepthMm => _values[11];

    /// <summary>
    /// The matrix with these twelve values (row by row), scaled to <see cref="ProjectionMatrix"/>'s normal form; refused
    /// when its left 3 × 3 part is singular (no single source) or the origin lies behind the source.
    /// </summary>
    public static ProjectionMatrix Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != 12 || values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("a projection matrix is twelve finite numbers, three rows of four");
        }

        double norm = Math.Sqrt((values[8] * values[8]) + (values[9] * values[9]) + (values[10] * values[10]));
        Matrix<double> left = Left(values);
        if (!(norm > 0) || left.ConditionNumber() > 1e9)
        {
            throw new ArgumentException("the matrix is not invertible: its first three columns do not place a single source");
        }

        double scale = values[11] >= 0 ? 1 / norm : -1 / norm;
        double[] normal = [.. values.Select(v => v * scale)];
        return normal[11] > 0 ? new ProjectionMatrix(normal)
            : throw new ArgumentException("the origin lies behind the source (or at it): the volume's centre must lie in front of the source");
    }

    /// <summary>
    /// The projection at <paramref name="angleDeg"/> of a circular scan as <see cref="ConeGeometry"/> states it, its
    /// detector turned in its own plane by <paramref name="tiltDeg"/> about the central ray's foot (counterclockwise
    /// seen from the source: the column axis from u towards v).
    /// </summary>
    public static ProjectionMatrix Circular(ConeGeometry geometry, double angleDeg, double tiltDeg = 0)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return new ProjectionMatrix(ConeProjection.Circular(angleDeg, geometry.SourceToObjectMm, geometry.SourceToDetectorMm, geometry.PixelUMm, geometry.PixelVMm, geometry.PrincipalColumn, geometry.PrincipalRow, tiltDeg));
    }

    /// <summary>The column, row and depth (distance from the source along the central ray, mm) of the point (x, y, z).</summary>
    public (double Column, double Row, double Depth) Project(double x, double y, double z)
    {
        double w = Dot(8, x, y, z);
        return (Dot(0, x, y, z) / w, Dot(4, x, y, z) / w, w);
    }

    /// <summary>The same projection read in a layout whose columns (<paramref name="columnsReversed"/>) or rows run the other way over a detector of that many.</summary>
    public ProjectionMatrix Reversed(bool columnsReversed, bool rowsReversed, int rows, int columns)
    {
        double[] values = [.. _values];
        for (int i = 0; i < 4; i++)
        {
            values[i] = columnsReversed ? ((columns - 1) * _values[8 + i]) - _values[i] : _values[i];
            values[4 + i] = rowsReversed ? ((rows - 1) * _values[8 + i]) - _values[4 + i] : _values[4 + i];
        }

        return new ProjectionMatrix(values);
    }

    /// <summary>The same projection with every column moved by <paramref name="columns"/> (the principal point moved along the rows).</summary>
    public ProjectionMatrix ColumnsMoved(double columns)
    {
        double[] values = [.. _values];
        for (int i = 0; i < 4; i++)
        {
            values[i] += columns * _values[8 + i];
        }

        return new ProjectionMatrix(values);
    }

    private double Dot(int start, double x, double y, double z) => (_values[start] * x) + (_values[start + 1] * y) + (_values[start + 2] * z) + _values[start + 3];

    /// <summary>The left 3 × 3 part of the values.</summary>
    private static Matrix<double> Left(IReadOnlyList<double> values) => Matrix<double>.Build.Dense(3, 3, (row, column) => values[(row * 4) + column]);
}
