using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace XrayController.Analysis.Output;

/// <summary>A mean over a few values and the half-width of its 95 % confidence interval (Student's t, n − 1 degrees of freedom).</summary>
public readonly record struct MeanInterval(int Count, double Mean, double HalfWidth);

/// <summary>A monotonic trend between two quantities: Spearman's rank correlation and its two-sided p-value (the t approximation, n − 2 degrees of freedom).</summary>
public readonly record struct RankTrend(int Count, double Rho, double P);

/// <summary>The statistics the figures draw where groups are small: intervals on means, and whether a trend stands out of the scatter.</summary>
public static class SampleStatistics
{
    /// <summary>The mean of <paramref name="values"/> with its 95 % interval; null for fewer than two.</summary>
    public static MeanInterval? Mean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
        {
            return null;
        }

        double t = StudentT.InvCDF(0, 1, values.Count - 1, 0.975);
        return new MeanInterval(values.Count, values.Average(), t * values.StandardDeviation() / Math.Sqrt(values.Count));
    }

    /// <summary>Spearman's ρ between <paramref name="x"/> and <paramref name="y"/> and its p-value; null for fewer than four pairs or a constant one.</summary>
    public static RankTrend? Trend(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 4 || x.Distinct().Count() < 2 || y.Distinct().Count() < 2)
        {
            return null;
        }

        double rho = Correlation.Spearman(x, y);
        int freedom = x.Count - 2;
        double p = Math.Abs(rho) >= 1 ? 0 : 2 * (1 - StudentT.CDF(0, 1, freedom, Math.Abs(rho) * Math.Sqrt(freedom / (1 - (rho * rho)))));
        return new RankTrend(x.Count, rho, p);
    }
}
