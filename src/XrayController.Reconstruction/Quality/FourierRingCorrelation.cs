using XrayController.Reconstruction.Phase;

namespace XrayController.Reconstruction.Quality;

/// <summary>
/// Fourier ring correlation of two reconstructions of one slice from independent halves of the data (van Heel 1987;
/// for tomography, e.g. Vila-Comamala et al. 2011): FRC(r) = Σ Re(A·B*) / √(Σ|A|² Σ|B|²) over the ring of radius r.
/// Both slices are apodised by a Hann-edged disc filling the reconstruction circle and zero-padded to a power of two.
/// The resolution is where the curve first falls below the fixed 1/7 threshold, as a period in pixels.
/// </summary>
public static class FourierRingCorrelation
{
    public const double Threshold = 1 / 7.0;

    /// <summary>The FRC per ring, ring r at r / padded size cycles per pixel (0 … size/2).</summary>
    public static double[] Curve(float[] a, float[] b, int size)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != size * size || b.Length != size * size)
        {
            throw new ArgumentException($"both slices must hold {size} × {size} values");
        }

        int padded = Fourier2D.NextPowerOfTwo(size);
        var fourier = new Fourier2D(padded, padded);
        (float[] aRe, float[] aIm) = Apodised(a, size, padded);
        (float[] bRe, float[] bIm) = Apodised(b, size, padded);
        fourier.Forward(aRe, aIm);
        fourier.Forward(bRe, bIm);
        int rings = (padded / 2) + 1;
        var cross = new double[rings];
        var powerA = new double[rings];
        var powerB = new double[rings];
        for (int r = 0; r < padded; r++)
        {
            double fy = Fourier2D.Frequency(r, padded) * padded;
            for (int c = 0; c < padded; c++)
            {
                double fx = Fourier2D.Frequency(c, padded) * padded;
                int ring = (int)Math.Round(Math.Sqrt((fx * fx) + (fy * fy)));
                if (ring >= rings)
                {
                    continue;
                }

                int i = (r * padded) + c;
                cross[ring] += (aRe[i] * bRe[i]) + (aIm[i] * bIm[i]);
                powerA[ring] += (aRe[i] * aRe[i]) + (aIm[i] * aIm[i]);
                powerB[ring] += (bRe[i] * bRe[i]) + (bIm[i] * bIm[i]);
            }
        }

        return [.. Enumerable.Range(0, rings).Select(k => powerA[k] > 0 && powerB[k] > 0 ? cross[k] / Math.Sqrt(powerA[k] * powerB[k]) : 0)];
    }

    /// <summary>The period (pixels) at the first ring after the origin where the curve drops below <see cref="Threshold"/>, interpolated; the Nyquist 2 pixels when it never does.</summary>
    public static double ResolutionPx(double[] curve, int size)
    {
        ArgumentNullException.ThrowIfNull(curve);
        int padded = Fourier2D.NextPowerOfTwo(size);
        for (int k = 1; k < curve.Length; k++)
        {
            if (curve[k] < Threshold)
            {
                double f = k - 1 + ((curve[k - 1] - Threshold) / (curve[k - 1] - curve[k]));
                return padded / Math.Max(f, 1e-9);
            }
        }

        return 2;
    }

    private static (float[] Re, float[] Im) Apodised(float[] slice, int size, int padded)
    {
        var re = new float[padded * padded];
        double center = (size - 1) / 2.0;
        double outer = size / 2.0;
        double inner = 0.85 * outer;
        for (int r = 0; r < size; r++)
        {
            for (int c = 0; c < size; c++)
            {
                double radius = Math.Sqrt(((r - center) * (r - center)) + ((c - center) * (c - center)));
                double weight = radius <= inner ? 1 : radius >= outer ? 0 : 0.5 * (1 + Math.Cos(Math.PI * (radius - inner) / (outer - inner)));
                re[(r * padded) + c] = (float)(slice[(r * size) + c] * weight);
            }
        }

        return (re, new float[padded * padded]);
    }
}
