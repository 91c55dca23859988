namespace XrayController.Simulators.Physics.Tests;

/// <summary>The CCD's dark current and gain, and the flat panel's lag, against their definitions.</summary>
public class DetectorKindTests
{
    private const int Size = 64;

    [Fact]
    public void Dark_current_accumulates_with_the_exposure()
    {
        var model = new DetectorModel(Size, Size, new DetectorNoise(100, 0, 0, 65535, DarkCurrentPerS: 50), seed: 3);

        double short_ = MeanOver(model.Render(null, 0, frameSeed: 1, exposureS: 0.1), model);
        double long_ = MeanOver(model.Render(null, 0, frameSeed: 2, exposureS: 10), model);

        Assert.InRange(short_, 4.5, 5.5);
        Assert.InRange(long_, 495, 505);
    }

    /// <summary>With g electrons per count a flat of λ photons reads λ/g counts with variance λ/g².</summary>
    [Fact]
    public void The_gain_divides_the_signal_and_its_variance_follows()
    {
        const double Photons = 40000;
        const double Gain = 4;
        var model = new DetectorModel(Size, Size, new DetectorNoise(0, 0, 0, 65535, ElectronsPerCount: Gain), seed: 4);

        ushort[] counts = model.Render(null, Photons, frameSeed: 1);

        double mean = counts.Average(c => (double)c);
        double variance = counts.Average(c => (c - mean) * (c - mean));
        Assert.InRange(mean, (Photons / Gain) * 0.999, (Photons / Gain) * 1.001);
        Assert.InRange(variance, Photons / (Gain * Gain) * 0.9, Photons / (Gain * Gain) * 1.1);
    }

    [Fact]
    public void A_flat_panel_shows_a_share_of_the_previous_frame_in_the_next()
    {
        var lag = new FlatPanelLag(fraction: 0.02, darkOffset: 100, maxCount: 65535);
        ushort[] bright = [.. Enumerable.Repeat((ushort)20100, Size)];
        ushort[] dark = [.. Enumerable.Repeat((ushort)100, Size)];
        ushort[] darkAgain = [.. Enumerable.Repeat((ushort)100, Size)];

        lag.Apply(bright);
        lag.Apply(dark);
        lag.Apply(darkAgain);

        Assert.All(bright, c => Assert.Equal(20100, c));
        Assert.All(dark, c => Assert.Equal(100 + 400, c));
        Assert.All(darkAgain, c => Assert.Equal(100 + 8, c));
    }

    private static double MeanOver(ushort[] counts, DetectorModel model)
    {
        double sum = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            sum += counts[i] - model.DarkMean(i / Size, i % Size);
        }

        return sum / counts.Length;
    }
}
