using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace XrayController.Simulators.Physics.Holography;

/// <summary>
/// Free-space propagation of a monochromatic wavefield in the paraxial (Fresnel) approximation, by the transfer
/// function exp(−iπλz|f|²) on a periodic grid (the constant phase e^{ikz} dropped). MathNet's FFTs in double
/// precision, an implementation apart from the reconstruction's, so that tests of one check the other.
/// </summary>
public static class FresnelPropagator
{
    /// <summary>Propagates <paramref name="field"/> (rows × columns, row-major, pixel <paramref name="pixelMm"/>) by <paramref name="distanceMm"/>, in place.</summary>
    public static void Propagate(Complex[] field, int rows, int columns, double pixelMm, double wavelengthMm, double distanceMm)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Length != rows * columns)
        {
            throw new ArgumentException($"the field holds {field.Length} values, not {rows} × {columns}", nameof(field));
        }

        Transform(field, rows, columns, inverse: false);
        double factor = Math.PI * wavelengthMm * distanceMm;
        Parallel.For(0, rows, r =>
        {
            double fy = Frequency(r, rows) / pixelMm;
            for (int c = 0; c < columns; c++)
            {
                double fx = Frequency(c, columns) / pixelMm;
                field[(r * columns) + c] *= Complex.FromPolarCoordinates(1, -factor * ((fx * fx) + (fy * fy)));
            }
        });
        Transform(field, rows, columns, inverse: true);
    }

    private static double Frequency(int index, int length) => (index < (length + 1) / 2 ? index : index - length) / (double)length;

    private static void Transform(Complex[] values, int rows, int columns, bool inverse)
    {
        Parallel.For(0, rows, () => new Complex[columns], (r, _, line) =>
        {
            values.AsSpan(r * columns, columns).CopyTo(line);
            Transform1D(line, inverse);
            line.CopyTo(values.AsSpan(r * columns, columns));
            return line;
        }, _ => { });
        Parallel.For(0, columns, () => new Complex[rows], (c, _, line) =>
        {
            for (int r = 0; r < rows; r++)
            {
                line[r] = values[(r * columns) + c];
            }

            Transform1D(line, inverse);
            for (int r = 0; r < rows; r++)
            {
                values[(r * columns) + c] = line[r];
            }

            return line;
        }, _ => { });
    }

    private static void Transform1D(Complex[] line, bool inverse)
    {
        if (inverse)
        {
            Fourier.Inverse(line, FourierOptions.Default);
        }
        else
        {
            Fourier.Forward(line, FourierOptions.Default);
        }
    }
}
