using XrayController.Core.Plans;
using XrayController.Reconstruction.Filtering;

namespace XrayController.Reconstruction.Tests;

public class FilterTests
{
    [Theory]
    [InlineData(2, 64)]
    [InlineData(100, 256)]
    [InlineData(128, 256)]
    [InlineData(129, 512)]
    [InlineData(2048, 4096)]
    public void Rows_are_padded_to_a_power_of_two_at_least_twice_their_length(int columns, int padded)
    {
        Assert.Equal(padded, RampFilter.PaddedLengthFor(columns));
    }

    [Fact]
    public void The_unwindowed_response_is_the_ramp()
    {
        RampFilter ramp = RampFilter.Create(256, ReconstructionFilter.Ramp);

        for (int k = 26; k <= 230; k++)
        {
            double f = k / 512.0;
            Assert.InRange(ramp.Response[k] - f, -0.002, 0.002);
            Assert.InRange(ramp.Response[512 - k] - f, -0.002, 0.002);
        }

        Assert.InRange(ramp.Response[0], 0, 0.002);
    }

    [Theory]
    [InlineData(ReconstructionFilter.SheppLogan, 2 / Math.PI)]
    [InlineData(ReconstructionFilter.Cosine, 0)]
    [InlineData(ReconstructionFilter.Hamming, 0.08)]
    [InlineData(ReconstructionFilter.Hann, 0)]
    public void Windows_reach_their_known_value_at_nyquist(ReconstructionFilter window, double atNyquist)
    {
        Assert.Equal(atNyquist, RampFilter.WindowAt(window, 0.5), 12);
        Assert.Equal(1, RampFilter.WindowAt(window, 0), 12);
        RampFilter filter = RampFilter.Create(64, window);
        RampFilter ramp = RampFilter.Create(64, ReconstructionFilter.Ramp);
        Assert.InRange(filter.Response[40] - (ramp.Response[40] * RampFilter.WindowAt(window, 40 / 128.0)), -1e-6, 1e-6);
    }

    [Fact]
    public void Filtering_equals_linear_convolution_with_the_spatial_kernel()
    {
        const int Columns = 50;
        var random = new Random(3);
        float[] row = [.. Enumerable.Range(0, Columns).Select(_ => (float)random.NextDouble())];
        var filtered = new float[Columns];

        new RowFilter(RampFilter.Create(Columns, ReconstructionFilter.Ramp)).FilterPair(row, [], filtered, []);

        for (int n = 0; n < Columns; n++)
        {
            double expected = 0;
            for (int k = 0; k < Columns; k++)
            {
                int d = Math.Abs(n - k);
                expected += row[k] * (d == 0 ? 0.25 : d % 2 == 1 ? -1 / (Math.PI * Math.PI * d * d) : 0);
            }

            Assert.Equal(expected, filtered[n], 5);
        }
    }

    [Fact]
    public void Two_rows_filtered_together_equal_each_filtered_alone()
    {
        const int Columns = 77;
        var random = new Random(4);
        float[] a = [.. Enumerable.Range(0, Columns).Select(_ => (float)random.NextDouble())];
        float[] b = [.. Enumerable.Range(0, Columns).Select(_ => (float)random.NextDouble())];
        var filter = new RowFilter(RampFilter.Create(Columns, ReconstructionFilter.Hann));
        float[] aAlone = new float[Columns];
        float[] bAlone = new float[Columns];
        float[] aPaired = new float[Columns];
        float[] bPaired = new float[Columns];

        filter.FilterPair(a, [], aAlone, []);
        filter.FilterPair(b, [], bAlone, []);
        filter.FilterPair(a, b, aPaired, bPaired);

        for (int i = 0; i < Columns; i++)
        {
            Assert.Equal(aAlone[i], aPaired[i], 5);
            Assert.Equal(bAlone[i], bPaired[i], 5);
        }
    }
}
