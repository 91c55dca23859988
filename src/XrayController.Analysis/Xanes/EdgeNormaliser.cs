using MathNet.Numerics.LinearAlgebra;
using XrayController.Core.Diagnostics;

namespace XrayController.Analysis.Xanes;

/// <summary>
/// The least-squares fits of XANES normalisation for one energy grid. Every voxel shares the energies, so each fit is a
/// fixed linear map from the fit points to the coefficients (the pseudo-inverse of the design matrix, from MathNet);
/// applying it to many voxels at once is a sum of scaled volumes. Normalised μ(E) = (μ(E) − pre(E)) / (post(E) − pre(E))
/// (Athena's flattened spectrum); the edge step is post(E0) − pre(E0).
/// </summary>
public sealed class EdgeNormaliser
{
    public EdgeNormaliser(IReadOnlyList<double> energiesEv, double e0Ev, EdgeWindows windows, string source)
    {
        ArgumentNullException.ThrowIfNull(energiesEv);
        ArgumentNullException.ThrowIfNull(windows);
        E0Ev = e0Ev;
        Windows = windows;
        EnergiesEv = [.. energiesEv];
        PreIndices = Select(energiesEv, e0Ev + windows.PreStartEv, e0Ev + windows.PreEndEv);
        PostIndices = Select(energiesEv, e0Ev + windows.PostStartEv, e0Ev + windows.PostEndEv);
        EdgeIndices = [.. Enumerable.Range(0, energiesEv.Count).Where(k => energiesEv[k] > e0Ev + windows.PreEndEv && energiesEv[k] < e0Ev + windows.PostStartEv)];
        Require(PreIndices.Length, EdgeWindows.MinPreEdgePoints, "pre-edge", windows.PreStartEv, windows.PreEndEv, "for its line", source);
        Require(PostIndices.Length, windows.MinPostEdgePoints, "post-edge", windows.PostStartEv, windows.PostEndEv, $"for its order-{windows.PostOrder} polynomial", source);
        Require(EdgeIndices.Length, EdgeWindows.MinEdgePoints, "edge", windows.PreEndEv, windows.PostStartEv, "for a half-height crossing and a derivative peak", source);
        EdgeEnergiesEv = [.. EdgeIndices.Select(k => energiesEv[k])];
        PreFit = PseudoInverse([.. PreIndices.Select(k => energiesEv[k])], order: 1);
        PostFit = PseudoInverse([.. PostIndices.Select(k => energiesEv[k])], windows.PostOrder);
        PreCovariance = Covariance(PreFit);
        PostCovariance = Covariance(PostFit);
    }

    public double E0Ev { get; }

    public IReadOnlyList<double> EnergiesEv { get; }

    public EdgeWindows Windows { get; }

    public int[] PreIndices { get; }

    public int[] PostIndices { get; }

    /// <summary>The energies between the two fit ranges, where the edge rises.</summary>
    public int[] EdgeIndices { get; }

    public double[] EdgeEnergiesEv { get; }

    /// <summary>[coefficient, point]: the pre-edge line's coefficients in powers of (E − E0) / 100 eV.</summary>
    internal float[,] PreFit { get; }

    /// <summary>[coefficient, point]: the post-edge polynomial's coefficients, likewise.</summary>
    internal float[,] PostFit { get; }

    /// <summary>(XᵀX)⁻¹ of the pre-edge fit: its coefficients' covariance per unit noise variance.</summary>
    internal double[,] PreCovariance { get; }

    /// <summary>The same for the post-edge fit.</summary>
    internal double[,] PostCovariance { get; }

    /// <summary>The variance, per unit noise variance, of the pre-edge line or post-edge polynomial evaluated at an energy (its leverage there).</summary>
    internal double Leverage(double[,] covariance, double energyEv)
    {
        double x = Scaled(energyEv);
        int n = covariance.GetLength(0);
        Span<double> phi = stackalloc double[n];
        for (int p = 0; p < n; p++)
        {
            phi[p] = Math.Pow(x, p);
        }

        double value = 0;
        for (int p = 0; p < n; p++)
        {
            for (int q = 0; q < n; q++)
            {
                value += phi[p] * covariance[p, q] * phi[q];
            }
        }

        return value;
    }

    /// <summary>The scaled energy the polynomials are written in, which keeps the design matrix well conditioned.</summary>
    internal double Scaled(double energyEv) => (energyEv - E0Ev) / 100;

    /// <summary>Normalises one spectrum: (normalised μ at <see cref="EdgeEnergiesEv"/>, edge step).</summary>
    public (double[] Normalised, double Step) Normalise(IReadOnlyList<double> spectrum)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        double[] pre = Coefficients(PreFit, PreIndices, spectrum);
        double[] post = Coefficients(PostFit, PostIndices, spectrum);
        var normalised = new double[EdgeIndices.Length];
        for (int i = 0; i < normalised.Length; i++)
        {
            double x = Scaled(EdgeEnergiesEv[i]);
            double below = Polynomial(pre, x);
            normalised[i] = (spectrum[EdgeIndices[i]] - below) / (Polynomial(post, x) - below);
        }

        return (normalised, post[0] - pre[0]);
    }

    internal static double Polynomial(ReadOnlySpan<double> coefficients, double x)
    {
        double sum = 0;
        for (int c = coefficients.Length - 1; c >= 0; c--)
        {
            sum = (sum * x) + coefficients[c];
        }

        return sum;
    }

    private static double[] Coefficients(float[,] fit, int[] indices, IReadOnlyList<double> spectrum)
    {
        var coefficients = new double[fit.GetLength(0)];
        for (int c = 0; c < coefficients.Length; c++)
        {
            for (int i = 0; i < indices.Length; i++)
            {
                coefficients[c] += fit[c, i] * spectrum[indices[i]];
            }
        }

        return coefficients;
    }

    private static double[,] Covariance(float[,] fit)
    {
        int rows = fit.GetLength(0);
        int columns = fit.GetLength(1);
        var result = new double[rows, rows];
        for (int p = 0; p < rows; p++)
        {
            for (int q = 0; q < rows; q++)
            {
                for (int i = 0; i < columns; i++)
                {
                    result[p, q] += fit[p, i] * (double)fit[q, i];
                }
            }
        }

        return result;
    }

    private float[,] PseudoInverse(double[] energiesEv, int order)
    {
        Matrix<double> design = Matrix<double>.Build.Dense(energiesEv.Length, order + 1, (i, j) => Math.Pow(Scaled(energiesEv[i]), j));
        Matrix<double> inverse = design.PseudoInverse();
        var fit = new float[inverse.RowCount, inverse.ColumnCount];
        for (int c = 0; c < inverse.RowCount; c++)
        {
            for (int i = 0; i < inverse.ColumnCount; i++)
            {
                fit[c, i] = (float)inverse[c, i];
            }
        }

        return fit;
    }

    private static int[] Select(IReadOnlyList<double> energiesEv, double fromEv, double toEv) =>
        [.. Enumerable.Range(0, energiesEv.Count).Where(k => energiesEv[k] >= fromEv && energiesEv[k] <= toEv)];

    private static void Require(int count, int needed, string range, double fromEv, double toEv, string purpose, string source)
    {
        if (count < needed)
        {
            throw new InputException($"{source}: the {range} range [E0{fromEv:+0;-0} eV, E0{toEv:+0;-0} eV] holds {count} energies; {needed} are needed {purpose}");
        }
    }
}
