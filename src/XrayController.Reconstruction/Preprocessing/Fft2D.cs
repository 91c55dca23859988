using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace XrayController.Reconstruction.Preprocessing;

/// <summary>Two-dimensional FFTs of [row][column] arrays of any size (MathNet's 1D transforms; Bluestein for sizes that are not powers of two).</summary>
internal static class Fft2D
{
    /// <summary>A 2D FFT as 1D transforms of every row, then of every column (MathNet's managed provider has no 2D transform).</summary>
    public static void Transform(Complex[] values, int rows, int columns, bool inverse)
    {
        var line = new Complex[Math.Max(rows, columns)];
        for (int r = 0; r < rows; r++)
        {
            Span<Complex> row = values.AsSpan(r * columns, columns);
            row.CopyTo(line);
            Transform1D(line, columns, inverse);
            line.AsSpan(0, columns).CopyTo(row);
        }

        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                line[r] = values[(r * columns) + c];
            }

            Transform1D(line, rows, inverse);
            for (int r = 0; r < rows; r++)
            {
                values[(r * columns) + c] = line[r];
            }
        }
    }

    private static void Transform1D(Complex[] line, int length, bool inverse)
    {
        Complex[] part = line.Length == length ? line : line[..length];
        if (inverse)
        {
            Fourier.Inverse(part, FourierOptions.Default);
        }
        else
        {
            Fourier.Forward(part, FourierOptions.Default);
        }

        if (!ReferenceEquals(part, line))
        {
            part.CopyTo(line, 0);
        }
    }
}
