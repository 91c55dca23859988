namespace XrayController.Simulators.Physics.Tests;

public class DetectorModelTests
{
    private static readonly DetectorNoise Noise = new(DarkCounts: 100, ReadNoiseCounts: 3, FlatNonUniformity: 0.08, MaxCount: 65535);

    [Fact]
    public void Counts_follow_beer_lambert_with_poisson_noise()
    {
        var model = new DetectorModel(64, 64, Noise, seed: 5);
        double[] integrals = [.. Enumerable.Range(0, 64 * 64).Select(i => (i % 64) / 32.0)];
        const double I0 = 10000;

        ushort[] counts = model.Render(integrals, I0, frameSeed: 1);

        double sumResidual = 0;
        double sumExpected = 0;
        double sumStandardised = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double expected = I0 * model.FlatGain(i / 64, i % 64) * Math.Exp(-integrals[i]);
            double residual = counts[i] - model.DarkMean(i / 64, i % 64) - expected;
            sumResidual += residual;
            sumExpected += expected;
            sumStandardised += residual * residual / (expected + (Noise.ReadNoiseCounts * Noise.ReadNoiseCounts));
        }

        Assert.InRange(sumResidual / sumExpected, -1e-3, 1e-3);
        Assert.InRange(sumStandardised / counts.Length, 0.93, 1.07);
    }

    [Fact]
    public void Dark_frames_hold_the_dark_signal_and_read_noise_only()
    {
        var model = new DetectorModel(64, 64, Noise, seed: 5);

        ushort[] dark = model.Render(null, 0, frameSeed: 2);

        double[] residuals = [.. dark.Select((c, i) => c - model.DarkMean(i / 64, i % 64))];
        Assert.InRange(residuals.Average(), -0.2, 0.2);
        Assert.InRange(Math.Sqrt(residuals.Select(r => r * r).Average()), 2.8, 3.2);
    }

    [Fact]
    public void The_flat_field_is_non_uniform_by_the_configured_amplitude()
    {
        var model = new DetectorModel(64, 64, Noise, seed: 5);
        double[] gains = [.. Enumerable.Range(0, 64 * 64).Select(i => model.FlatGain(i / 64, i % 64))];

        Assert.InRange(gains.Average(), 0.98, 1.02);
        Assert.InRange(gains.Max() - gains.Min(), 0.08, 0.16);
        Assert.All(gains, g => Assert.InRange(g, 0.92, 1.08));
    }

    [Fact]
    public void Frames_are_reproducible_and_differ_between_frames()
    {
        var model = new DetectorModel(16, 16, Noise, seed: 5);

        ushort[] first = model.Render(null, 1000, frameSeed: 7);
        ushort[] again = new DetectorModel(16, 16, Noise, seed: 5).Render(null, 1000, frameSeed: 7);
        ushort[] next = model.Render(null, 1000, frameSeed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, next);
    }

    [Fact]
    public void Counts_saturate_at_the_largest_storable_value()
    {
        var model = new DetectorModel(8, 8, Noise with { MaxCount = 4095 }, seed: 5);

        ushort[] counts = model.Render(null, 50000, frameSeed: 1);

        Assert.All(counts, c => Assert.Equal(4095, c));
    }
}
