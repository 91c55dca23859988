using MathNet.Numerics.LinearAlgebra;
using XrayController.Core.Optics;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// Edge energies of normalised spectra over one edge-region energy grid. The derivative peak is found on the spectrum
/// smoothed by a [1, 2, 1] / 4 kernel and refined by the parabola through the peak and its neighbours. The half-height
/// energy is where the normalised edge crosses 0.5: the crossing of the smoothed spectrum nearest the derivative peak
/// picks the interval [E_k, E_k+1], and a least-squares cubic through the six raw points around that interval places
/// the crossing. Six points centred on the interval average the noise and follow the edge's curvature, so the estimate
/// is neither biased by where the grid falls on the edge nor as noisy as a two-point interpolation (for an arctangent
/// edge 2.5 eV wide on a 1 eV grid: bias ≤ 0.04 eV, against 0.08 eV for a four-point line). A spectrum with a
/// non-finite point, or no rising crossing, has NaN.
/// </summary>
public sealed class EdgePosition
{
    private const int WindowBelow = 2;
    private const int WindowAbove = 3;

    private readonly double[] _energiesEv;
    private readonly Matrix<double>?[] _cubicFits;

    /// <summary>(XᵀX)⁻¹ of each cubic fit (the pseudo-inverse times its transpose): the coefficients' covariance per unit noise variance.</summary>
    private readonly double[,]?[] _covariances;

    public EdgePosition(double[] energiesEv)
    {
        ArgumentNullException.ThrowIfNull(energiesEv);
        if (energiesEv.Length < EdgeWindows.MinEdgePoints)
        {
            throw new ArgumentException($"need {EdgeWindows.MinEdgePoints}+ energies, got {energiesEv.Length}", nameof(energiesEv));
        }

        _energiesEv = energiesEv;
        _cubicFits = [.. Enumerable.Range(0, energiesEv.Length - 1).Select(CubicFit)];
        _covariances = [.. _cubicFits.Select(fit => fit is null ? null : Covariance(fit))];
    }

    public int Count => _energiesEv.Length;

    /// <summary>(half-height energy, derivative-peak energy); <paramref name="scratch"/> needs 2 × <see cref="Count"/> values.</summary>
    public (double HalfHeightEv, double MaxDerivativeEv) Find(ReadOnlySpan<double> normalised, Span<double> scratch)
    {
        (double half, double derivative, _, _) = FindWithVariance(normalised, scratch);
        return (half, derivative);
    }

    /// <summary>
    /// As <see cref="Find"/>, with what the half-height energy's variance is made of: the cubic's fitted value at the
    /// root x₀ has φᵀ(XᵀX)⁻¹φ times the points' variance, and an error in the value moves the root by it over the slope
    /// p′(x₀); NaN where the crossing was interpolated instead.
    /// </summary>
    public (double HalfHeightEv, double MaxDerivativeEv, double FitVariance, double SlopeSquared) FindWithVariance(ReadOnlySpan<double> normalised, Span<double> scratch)
    {
        int n = _energiesEv.Length;
        if (normalised.Length != n || scratch.Length < 2 * n)
        {
            throw new ArgumentException($"need {n} normalised values and {2 * n} of scratch", nameof(normalised));
        }

        foreach (double value in normalised)
        {
            if (!double.IsFinite(value))
            {
                return (double.NaN, double.NaN, double.NaN, double.NaN);
            }
        }

        Span<double> smooth = scratch[..n];
        Span<double> slope = scratch.Slice(n, n);
        smooth[0] = normalised[0];
        smooth[n - 1] = normalised[n - 1];
        for (int k = 1; k < n - 1; k++)
        {
            smooth[k] = (normalised[k - 1] + (2 * normalised[k]) + normalised[k + 1]) / 4;
        }

        int peak = 1;
        for (int k = 1; k < n - 1; k++)
        {
            slope[k] = (smooth[k + 1] - smooth[k - 1]) / (_energiesEv[k + 1] - _energiesEv[k - 1]);
            peak = slope[k] > slope[peak] ? k : peak;
        }

        double derivativeEv = peak > 1 && peak < n - 2
            ? EdgeDerivative.ParabolaVertex(_energiesEv[peak - 1], slope[peak - 1], _energiesEv[peak], slope[peak], _energiesEv[peak + 1], slope[peak + 1])
            : _energiesEv[peak];
        int crossing = Crossing(smooth, peak);
        if (crossing < 0)
        {
            return (double.NaN, derivativeEv, double.NaN, double.NaN);
        }

        (double half, double fitVariance, double slopeSquared) = HalfHeight(normalised, smooth, crossing);
        return (half, derivativeEv, fitVariance, slopeSquared);
    }

    /// <summary>The start of the rising half-height crossing of the smoothed spectrum nearest the derivative peak, or −1.</summary>
    private static int Crossing(ReadOnlySpan<double> smooth, int peak)
    {
        for (int distance = 0; distance < smooth.Length; distance++)
        {
            foreach (int k in (ReadOnlySpan<int>)[peak - distance, peak + distance])
            {
                if (k >= 0 && k < smooth.Length - 1 && smooth[k] < 0.5 && smooth[k + 1] >= 0.5)
                {
                    return k;
                }
            }
        }

        return -1;
    }

    private (double Ev, double FitVariance, double SlopeSquared) HalfHeight(ReadOnlySpan<double> raw, ReadOnlySpan<double> smooth, int k)
    {
        double left = _energiesEv[k];
        double right = _energiesEv[k + 1];
        if (_cubicFits[k] is { } fit)
        {
            int first = k - WindowBelow;
            Span<double> c = stackalloc double[4];
            for (int p = 0; p < 4; p++)
            {
                for (int i = 0; i < fit.ColumnCount; i++)
                {
                    c[p] += fit[p, i] * raw[first + i];
                }
            }

            c[0] -= 0.5;
            double halfGap = (right - left) / 2;
            if (Root(c, -halfGap, right - left + halfGap) is { } offset)
            {
                (double fitVariance, double slopeSquared) = Sensitivity(_covariances[k]!, c, offset);
                return (left + offset, fitVariance, slopeSquared);
            }
        }

        return (left + ((0.5 - smooth[k]) * (right - left) / (smooth[k + 1] - smooth[k])), double.NaN, double.NaN);
    }

    private static (double FitVariance, double SlopeSquared) Sensitivity(double[,] covariance, ReadOnlySpan<double> c, double x)
    {
        Span<double> phi = [1, x, x * x, x * x * x];
        double value = 0;
        for (int p = 0; p < 4; p++)
        {
            for (int q = 0; q < 4; q++)
            {
                value += phi[p] * covariance[p, q] * phi[q];
            }
        }

        double slope = c[1] + (2 * c[2] * x) + (3 * c[3] * x * x);
        return (value, slope * slope);
    }

    /// <summary>A root of the cubic c0 + c1 x + c2 x² + c3 x³ in [from, to] where it rises through zero, by bisection; null if none.</summary>
    private static double? Root(ReadOnlySpan<double> c, double from, double to)
    {
        if (!(Cubic(c, from) < 0 && Cubic(c, to) >= 0))
        {
            return null;
        }

        for (int i = 0; i < 40; i++)
        {
            double middle = (from + to) / 2;
            (from, to) = Cubic(c, middle) < 0 ? (middle, to) : (from, middle);
        }

        return (from + to) / 2;
    }

    private static double Cubic(ReadOnlySpan<double> c, double x) => c[0] + (x * (c[1] + (x * (c[2] + (x * c[3])))));

    private static double[,] Covariance(Matrix<double> fit) => (fit * fit.Transpose()).ToArray();

    /// <summary>The least-squares cubic through the six points around interval k, in powers of (E − E_k), or null near the ends.</summary>
    private Matrix<double>? CubicFit(int k)
    {
        int first = k - WindowBelow;
        int last = k + WindowAbove;
        if (first < 0 || last >= _energiesEv.Length)
        {
            return null;
        }

        Matrix<double> design = Matrix<double>.Build.Dense(last - first + 1, 4, (i, p) => Math.Pow(_energiesEv[first + i] - _energiesEv[k], p));
        return design.PseudoInverse();
    }
}
