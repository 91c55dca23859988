using MathNet.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace XrayController.Reconstruction.Centering;

/// <summary>
/// Finds the rotation-axis column from a sinogram with Vo's Fourier method (N. T. Vo, M. Drakopoulos, R. C. Atwood and
/// C. Reinhard, Opt. Express 22 (2014) 19078). Projections 180° apart are mirror images about the axis: if the axis is
/// at column c, p(θ + 180°, u) = p(θ, 2c − u). Stacking the 180° sinogram S on its left–right mirror M shifted by
/// Δ = 2c − (C − 1) gives a 360° sinogram that, for the right shift only, is continuous, so that its 2D spectrum keeps
/// inside the double wedge |m| ≤ π·|n| (m cycles per turn, n cycles per C pixels): the centre is the shift with the
/// least spectral magnitude outside it. The transform is linear and a shift is a phase per detector frequency, so the
/// spectrum for any shift is A + e^(−2πinΔ/C)·B with A and B the spectra of [S; 0] and [0; M], computed once; each
/// candidate then costs one pass over the spectrum. Searched in half-pixel steps, then refined in 0.05-pixel steps.
/// </summary>
public static class CenterOfRotation
{
    private const double CoarseStepPx = 0.5;
    private const double FineStepPx = 0.05;
    private const double FineRadiusPx = 1.0;

    /// <param name="sinogram">Line integrals, [angle][column], angles ascending in degrees, spanning at least 180°.</param>
    /// <param name="searchRadiusPx">How far from the detector's middle to look; default a quarter of the width.</param>
    public static double Find(float[] sinogram, int columns, IReadOnlyList<double> anglesDeg, double? searchRadiusPx = null)
    {
        ArgumentNullException.ThrowIfNull(sinogram);
        ArgumentNullException.ThrowIfNull(anglesDeg);
        int half = HalfTurn(anglesDeg);
        int height = 2 * half;
        var sinogramSpectrum = new Complex32[height * columns];
        var mirrorSpectrum = new Complex32[height * columns];
        for (int a = 0; a < half; a++)
        {
            for (int u = 0; u < columns; u++)
            {
                sinogramSpectrum[(a * columns) + u] = new Complex32(sinogram[(a * columns) + u], 0);
                mirrorSpectrum[((half + a) * columns) + u] = new Complex32(sinogram[(a * columns) + (columns - 1 - u)], 0);
            }
        }

        Forward2D(sinogramSpectrum, height, columns);
        Forward2D(mirrorSpectrum, height, columns);
        int[] outside = OutsideDoubleWedge(height, columns);
        double middle = (columns - 1) / 2.0;
        double radius = searchRadiusPx ?? columns / 4.0;
        double best = Search(sinogramSpectrum, mirrorSpectrum, outside, columns, middle - radius, middle + radius, CoarseStepPx);
        return Search(sinogramSpectrum, mirrorSpectrum, outside, columns, best - FineRadiusPx, best + FineRadiusPx, FineStepPx);
    }

    /// <summary>How many of the first angles lie within 180° of the first one: the half turn the method needs.</summary>
    private static int HalfTurn(IReadOnlyList<double> anglesDeg)
    {
        int half = 0;
        while (half < anglesDeg.Count && anglesDeg[half] - anglesDeg[0] < 180 - 1e-9)
        {
            half++;
        }

        if (half < 2 || anglesDeg[^1] - anglesDeg[0] < 180 - (2 * (anglesDeg[1] - anglesDeg[0])))
        {
            throw new ArgumentException($"finding the centre needs projections over 180°; these span {anglesDeg[^1] - anglesDeg[0]:0.###}°", nameof(anglesDeg));
        }

        return half;
    }

    /// <summary>Spectrum indices with |m| &gt; π·|n| + 1: where a well-centred 360° sinogram has almost nothing.</summary>
    private static int[] OutsideDoubleWedge(int height, int columns)
    {
        var indices = new List<int>();
        for (int m = 0; m < height; m++)
        {
            int angular = Math.Abs(m <= height / 2 ? m : m - height);
            for (int n = 0; n < columns; n++)
            {
                int detector = Math.Abs(n <= columns / 2 ? n : n - columns);
                if (angular > (Math.PI * detector) + 1)
                {
                    indices.Add((m * columns) + n);
                }
            }
        }

        return [.. indices];
    }

    private static double Search(Complex32[] a, Complex32[] b, int[] outside, int columns, double from, double to, double step)
    {
        int count = (int)Math.Round((to - from) / step);
        var metrics = new double[count + 1];
        Parallel.For(0, count + 1, i => metrics[i] = Metric(a, b, outside, columns, from + (i * step)));
        int best = Array.IndexOf(metrics, metrics.Min());
        return from + (best * step);
    }

    private static double Metric(Complex32[] a, Complex32[] b, int[] outside, int columns, double center)
    {
        double shift = (2 * center) - (columns - 1);
        var phase = new Complex32[columns];
        for (int n = 0; n < columns; n++)
        {
            int frequency = n <= columns / 2 ? n : n - columns;
            double angle = -2 * Math.PI * frequency * shift / columns;
            phase[n] = new Complex32((float)Math.Cos(angle), (float)Math.Sin(angle));
        }

        double sum = 0;
        foreach (int index in outside)
        {
            sum += (a[index] + (phase[index % columns] * b[index])).Magnitude;
        }

        return sum / outside.Length;
    }

    /// <summary>A 2D transform as row transforms then column transforms (MathNet's managed provider has no 2D one; its 1D transforms take any length, such as 360 angles).</summary>
    private static void Forward2D(Complex32[] data, int rows, int columns)
    {
        var row = new Complex32[columns];
        for (int r = 0; r < rows; r++)
        {
            Array.Copy(data, r * columns, row, 0, columns);
            Fourier.Forward(row, FourierOptions.NoScaling);
            Array.Copy(row, 0, data, r * columns, columns);
        }

        var column = new Complex32[rows];
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                column[r] = data[(r * columns) + c];
            }

            Fourier.Forward(column, FourierOptions.NoScaling);
            for (int r = 0; r < rows; r++)
            {
                data[(r * columns) + c] = column[r];
            }
        }
    }
}
