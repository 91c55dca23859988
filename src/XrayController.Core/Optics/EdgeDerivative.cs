namespace XrayController.Core.Optics;

/// <summary>Where a sampled absorption edge rises fastest: central differences, the largest, refined by the parabola through it and its neighbours.</summary>
public static class EdgeDerivative
{
    /// <summary>The energy of the steepest rise of <paramref name="values"/> over rising <paramref name="energiesEv"/> (at least three points).</summary>
    public static double Peak(IReadOnlyList<double> energiesEv, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(energiesEv);
        ArgumentNullException.ThrowIfNull(values);
        int n = energiesEv.Count;
        if (n < 3 || values.Count != n)
        {
            throw new ArgumentException($"a derivative peak needs three or more points and one value per energy; got {n} energies and {values.Count} values", nameof(values));
        }

        var slope = new double[n];
        int peak = 1;
        for (int k = 1; k < n - 1; k++)
        {
            slope[k] = (values[k + 1] - values[k - 1]) / (energiesEv[k + 1] - energiesEv[k - 1]);
            peak = slope[k] > slope[peak] ? k : peak;
        }

        return peak <= 1 || peak >= n - 2
            ? energiesEv[peak]
            : ParabolaVertex(energiesEv[peak - 1], slope[peak - 1], energiesEv[peak], slope[peak], energiesEv[peak + 1], slope[peak + 1]);
    }

    /// <summary>The abscissa of the vertex of the parabola through three points (the middle one the highest).</summary>
    public static double ParabolaVertex(double x0, double y0, double x1, double y1, double x2, double y2)
    {
        double a = ((x1 - x0) * (y1 - y2)) - ((x1 - x2) * (y1 - y0));
        double b = ((x1 - x0) * (x1 - x0) * (y1 - y2)) - ((x1 - x2) * (x1 - x2) * (y1 - y0));
        return a == 0 ? x1 : x1 - (0.5 * b / a);
    }
}
