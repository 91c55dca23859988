using System.Numerics;

namespace XrayController.Reconstruction.Preprocessing;

/// <summary>
/// Sub-pixel translation between two sets of images of the same views (for example the projections of two energies at
/// the same angles): the cross-correlation of each pair, summed over the pairs in Fourier space (MathNet's FFT), peaks
/// at the shift; a parabola through the peak and its neighbours along each axis places it between pixels. Mean-free
/// images, circular correlation: shifts must stay well below half the image.
/// </summary>
public sealed class ImageRegistration
{
    private readonly int _rows;
    private readonly int _columns;
    private readonly Complex[][] _reference;

    /// <param name="reference">Images [row][column], each <paramref name="rows"/> × <paramref name="columns"/>.</param>
    public ImageRegistration(IReadOnlyList<float[]> reference, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Count == 0)
        {
            throw new ArgumentException("registration needs at least one reference image", nameof(reference));
        }

        _rows = rows;
        _columns = columns;
        _reference = [.. reference.Select(Transform)];
    }

    /// <summary>(rows, columns) by which <paramref name="moving"/> is displaced from the reference: moving(r, c) ≈ reference(r − Δr, c − Δc).</summary>
    public (double Rows, double Columns) ShiftOf(IReadOnlyList<float[]> moving)
    {
        ArgumentNullException.ThrowIfNull(moving);
        if (moving.Count != _reference.Length)
        {
            throw new ArgumentException($"{moving.Count} images to register against {_reference.Length} references", nameof(moving));
        }

        var sum = new Complex[_rows * _columns];
        for (int i = 0; i < moving.Count; i++)
        {
            Complex[] transformed = Transform(moving[i]);
            Complex[] reference = _reference[i];
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += transformed[k] * Complex.Conjugate(reference[k]);
            }
        }

        Fft2D.Transform(sum, _rows, _columns, inverse: true);
        int peak = 0;
        for (int k = 1; k < sum.Length; k++)
        {
            peak = sum[k].Real > sum[peak].Real ? k : peak;
        }

        int row = peak / _columns;
        int column = peak % _columns;
        double Value(int r, int c) => sum[(((r % _rows) + _rows) % _rows * _columns) + (((c % _columns) + _columns) % _columns)].Real;
        double rowOffset = Vertex(Value(row - 1, column), Value(row, column), Value(row + 1, column));
        double columnOffset = Vertex(Value(row, column - 1), Value(row, column), Value(row, column + 1));
        return (Signed(row, _rows) + rowOffset, Signed(column, _columns) + columnOffset);
    }

    private Complex[] Transform(float[] image)
    {
        if (image.Length != _rows * _columns)
        {
            throw new ArgumentException($"an image has {image.Length} pixels, not {_rows} × {_columns}", nameof(image));
        }

        double mean = image.Average(v => (double)v);
        Complex[] values = [.. image.Select(v => new Complex(v - mean, 0))];
        Fft2D.Transform(values, _rows, _columns, inverse: false);
        return values;
    }

    /// <summary>Index k of a circular axis of length n as a signed shift (−n/2 … n/2).</summary>
    private static int Signed(int k, int n) => k > n / 2 ? k - n : k;

    /// <summary>The vertex of the parabola through (−1, a), (0, b), (1, c), within ±½.</summary>
    private static double Vertex(double a, double b, double c)
    {
        double curvature = a - (2 * b) + c;
        return curvature >= 0 ? 0 : Math.Clamp(0.5 * (a - c) / curvature, -0.5, 0.5);
    }
}
