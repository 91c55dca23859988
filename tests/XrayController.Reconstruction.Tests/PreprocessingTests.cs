using CsCheck;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Reconstruction.Tests;

public class PreprocessingTests
{
    [Fact]
    public void Counts_become_line_integrals_and_impossible_transmissions_are_floored_and_counted()
    {
        float[] raw = [1100, 100, 50, 600];
        float[] dark = [100, 100, 100, 100];
        float[] flat = [2100, 2100, 2100, 100];
        var result = new float[4];

        int floored = FlatField.ToLineIntegrals(raw, dark, flat, result);

        Assert.Equal(3, floored);
        Assert.Equal(MathF.Log(2), result[0], 6);
        Assert.Equal(-MathF.Log(FlatField.MinimumTransmission), result[1], 6);
        Assert.All(result, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Flats_come_from_the_preceding_set_or_are_interpolated_between_sets()
    {
        var condition = new ReferenceCondition(double.NaN, 0, 0);
        var blocks = new ReferenceBlocks([new ReferenceBlock(5, [100], condition), new ReferenceBlock(105, [200], condition)]);

        Assert.Equal([100f], blocks.For(30, condition, FlatMode.Preceding));
        Assert.Equal([125f], blocks.For(30, condition, FlatMode.Interpolated));
        Assert.Equal([200f], blocks.For(110, condition, FlatMode.Interpolated));
        Assert.Equal([100f], blocks.For(2, condition, FlatMode.Preceding));
        Assert.Throws<InvalidDataException>(() => blocks.For(30, condition with { EnergyEv = 8333 }, FlatMode.Preceding));
    }

    [Fact]
    public void Stripe_removal_takes_out_a_planted_stripe_and_leaves_the_rest()
    {
        const int Angles = 180;
        const int Columns = 64;
        var sinogram = new float[Angles * Columns];
        for (int a = 0; a < Angles; a++)
        {
            for (int u = 0; u < Columns; u++)
            {
                // A smooth sample: the sorting method assumes sorted columns change little from one column to the next.
                double theta = a * Math.PI / Angles;
                sinogram[(a * Columns) + u] = (float)(1 + (0.3 * Math.Cos((2 * Math.PI * u / 256) + theta)));
            }
        }

        float[] clean = [.. sinogram];
        for (int a = 0; a < Angles; a++)
        {
            sinogram[(a * Columns) + 40] += 0.05f;
        }

        StripeRemoval.RemoveStripes(sinogram, Angles, Columns);

        double stripe = Enumerable.Range(0, Angles).Average(a => sinogram[(a * Columns) + 40] - clean[(a * Columns) + 40]);
        double elsewhere = Enumerable.Range(0, Angles * Columns).Where(i => i % Columns is > 2 and < 61 and not 40).Average(i => Math.Abs(sinogram[i] - clean[i]));
        Assert.InRange(Math.Abs(stripe), 0, 0.005);
        Assert.InRange(elsewhere, 0, 0.005);
    }

    [Fact]
    public void Mean_based_stripe_removal_takes_out_a_full_stripe_and_leaves_a_smooth_sample()
    {
        const int Angles = 180;
        const int Columns = 64;
        var sinogram = new float[Angles * Columns];
        for (int a = 0; a < Angles; a++)
        {
            for (int u = 0; u < Columns; u++)
            {
                sinogram[(a * Columns) + u] = (float)(1 + (0.3 * Math.Cos((2 * Math.PI * u / 256) + (a * Math.PI / Angles))));
            }
        }

        float[] clean = [.. sinogram];
        for (int a = 0; a < Angles; a++)
        {
            sinogram[(a * Columns) + 25] -= 0.04f;
        }

        StripeRemoval.RemoveFullStripes(sinogram, Angles, Columns);

        Assert.InRange(Enumerable.Range(0, Angles).Average(a => sinogram[(a * Columns) + 25] - clean[(a * Columns) + 25]), -0.005, 0.005);
        Assert.InRange(Enumerable.Range(0, Angles * Columns).Where(i => i % Columns is > 5 and < 58 and not 25).Max(i => Math.Abs(sinogram[i] - clean[i])), 0, 0.005);
    }

    [Fact]
    public void Zingers_are_removed_and_clean_noisy_pixels_kept()
    {
        var random = new Random(9);
        float[] frame = [.. Enumerable.Range(0, 64 * 64).Select(_ => (float)MathNet.Numerics.Distributions.Poisson.Sample(random, 10000))];
        float[] clean = [.. frame];
        int[] zingers = [100, 2000, 4095, 64 * 30 + 17];
        foreach (int i in zingers)
        {
            frame[i] += 3000;
        }

        int replaced = ZingerRemoval.Remove(frame, 64, 64);

        Assert.Equal(zingers.Length, replaced);
        Assert.All(zingers, i => Assert.InRange(frame[i], 9500, 10500));
        Assert.Equal(clean.Where((_, i) => !zingers.Contains(i)), frame.Where((_, i) => !zingers.Contains(i)));
    }

    /// <summary>
    /// Zinger removal, which passes over quiet groups of eight pixels at once, against the rule applied pixel by pixel
    /// (here, as the definition reads): random frames of random widths with zingers planted singly, side by side and
    /// near the edges and group boundaries give the same pixels and the same count.
    /// </summary>
    [Fact]
    public void Zingers_are_found_as_the_rule_applied_pixel_by_pixel_finds_them()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            int rows = random.Next(3, 12);
            int columns = random.Next(3, 40);
            float[] frame = [.. Enumerable.Range(0, rows * columns).Select(_ => (float)MathNet.Numerics.Distributions.Poisson.Sample(random, 2000))];
            for (int z = random.Next(0, 8); z > 0; z--)
            {
                frame[random.Next(frame.Length)] += random.Next(2) == 0 ? 60 : 3000;
            }

            float[] expected = [.. frame];
            int expectedCount = 0;
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    float[] four = [.. new[] { (r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1) }.Where(n => n.Item1 >= 0 && n.Item1 < rows && n.Item2 >= 0 && n.Item2 < columns).Select(n => frame[(n.Item1 * columns) + n.Item2])];
                    double excess = frame[(r * columns) + c] - four.Max();
                    float[] nine = [.. from rr in Enumerable.Range(r - 1, 3) from cc in Enumerable.Range(c - 1, 3) where rr >= 0 && rr < rows && cc >= 0 && cc < columns orderby frame[(rr * columns) + cc] select frame[(rr * columns) + cc]];
                    float median = nine[nine.Length / 2];
                    if (excess > ZingerRemoval.MinimumExcessCounts && excess > ZingerRemoval.DefaultSigmas * Math.Sqrt(Math.Max(median, 1)))
                    {
                        expected[(r * columns) + c] = median;
                        expectedCount++;
                    }
                }
            }

            return ZingerRemoval.Remove(frame, rows, columns) == expectedCount && frame.AsSpan().SequenceEqual(expected);
        }, iter: 500);
    }

    [Fact]
    public void A_thin_bright_line_of_the_sample_is_not_a_zinger()
    {
        var random = new Random(10);
        float[] frame = [.. Enumerable.Range(0, 32 * 32).Select(_ => (float)MathNet.Numerics.Distributions.Poisson.Sample(random, 5000))];
        for (int r = 5; r < 25; r++)
        {
            frame[(r * 32) + 16] += 3000;
        }

        float[] before = [.. frame];

        Assert.Equal(0, ZingerRemoval.Remove(frame, 32, 32));
        Assert.Equal(before, frame);
    }

    [Fact]
    public void A_slab_with_a_halo_row_on_each_side_gives_what_the_whole_frame_gives()
    {
        var random = new Random(11);
        float[] whole = [.. Enumerable.Range(0, 16 * 20).Select(_ => (float)MathNet.Numerics.Distributions.Poisson.Sample(random, 8000))];
        foreach (int i in new[] { 20 * 4 + 3, 20 * 5 + 9, 20 * 6 + 12, 20 * 9 + 2 })
        {
            whole[i] += 4000;
        }

        float[] slab = whole[(20 * 3)..(20 * 8)];
        float[] expected = [.. whole];

        ZingerRemoval.Remove(expected, 16, 20);
        int replaced = ZingerRemoval.Remove(slab, rows: 5, columns: 20, firstRow: 1, rowCount: 3);

        Assert.Equal(3, replaced);
        Assert.Equal(expected[(20 * 4)..(20 * 7)], slab[20..80]);
    }
}
