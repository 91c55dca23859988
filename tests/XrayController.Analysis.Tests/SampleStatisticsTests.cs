using XrayController.Analysis.Output;

namespace XrayController.Analysis.Tests;

/// <summary>The small-sample statistics the figures draw, against values worked by hand (and by scipy.stats for the same data).</summary>
public sealed class SampleStatisticsTests
{
    [Fact]
    public void A_mean_of_a_few_values_carries_its_student_t_interval()
    {
        MeanInterval mean = SampleStatistics.Mean([1.0, 2, 3, 4])!.Value;

        // s = 1.291, t(0.975, 3) = 3.1824: 3.1824 · 1.291 / 2 = 2.054.
        Assert.Equal((4, 2.5), (mean.Count, mean.Mean));
        Assert.Equal(2.054, mean.HalfWidth, 3);
        Assert.Null(SampleStatistics.Mean([5.0]));
    }

    [Fact]
    public void A_rank_trend_gives_spearmans_rho_and_its_two_sided_p()
    {
        RankTrend trend = SampleStatistics.Trend([1.0, 2, 3, 4, 5], [2.0, 1, 4, 3, 5])!.Value;
        RankTrend falling = SampleStatistics.Trend([1.0, 2, 3, 4, 5, 6], [9.0, 7, 5, 4, 2, 1])!.Value;

        // ρ = 1 − 6·Σd²/(n(n² − 1)) = 1 − 6·4/120 = 0.8; t = 0.8·√(3/0.36) = 2.309 on 3 degrees of freedom: p = 0.104.
        Assert.Equal(0.8, trend.Rho, 9);
        Assert.Equal(0.104, trend.P, 3);
        Assert.Equal((-1.0, 0.0), (falling.Rho, falling.P));
        Assert.Null(SampleStatistics.Trend([1.0, 2, 3], [1.0, 2, 3]));
        Assert.Null(SampleStatistics.Trend([1.0, 2, 3, 4], [7.0, 7, 7, 7]));
    }
}
