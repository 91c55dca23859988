using XrayController.Reconstruction.Phase;
using XrayController.Reconstruction.Quality;

namespace XrayController.Reconstruction.Tests;

public sealed class FourierRingCorrelationTests
{
    private const int Size = 128;

    [Fact]
    public void Two_images_that_share_detail_up_to_a_frequency_resolve_its_period()
    {
        // Common content band-limited to 16 cycles per 128 pixels (an 8-pixel period), independent noise above it.
        float[] common = BandLimited(new Random(1), 0, 16, 1);
        float[] a = Sum(common, BandLimited(new Random(2), 16, 64, 1));
        float[] b = Sum(common, BandLimited(new Random(3), 16, 64, 1));

        double[] curve = FourierRingCorrelation.Curve(a, b, Size);
        double resolution = FourierRingCorrelation.ResolutionPx(curve, Size);

        Assert.True(curve[8] > 0.8, $"FRC {curve[8]:F2} at ring 8");
        Assert.True(curve[30] < 0.3, $"FRC {curve[30]:F2} at ring 30");
        Assert.InRange(resolution, 7, 9.5);
        Assert.Equal(2, FourierRingCorrelation.ResolutionPx(FourierRingCorrelation.Curve(a, a, Size), Size));
    }

    /// <summary>A random image whose spectrum fills the rings [from, to) of the 128-pixel grid with unit-variance amplitude.</summary>
    private static float[] BandLimited(Random random, int from, int to, double amplitude)
    {
        var re = new float[Size * Size];
        var im = new float[Size * Size];
        for (int r = 0; r < Size; r++)
        {
            for (int c = 0; c < Size; c++)
            {
                double ring = Math.Sqrt(Math.Pow(Fourier2D.Frequency(r, Size) * Size, 2) + Math.Pow(Fourier2D.Frequency(c, Size) * Size, 2));
                if (ring >= from && ring < to)
                {
                    re[(r * Size) + c] = (float)(amplitude * ((2 * random.NextDouble()) - 1));
                    im[(r * Size) + c] = (float)(amplitude * ((2 * random.NextDouble()) - 1));
                }
            }
        }

        new Fourier2D(Size, Size).Inverse(re, im);
        return re;
    }

    private static float[] Sum(float[] a, float[] b) => [.. a.Zip(b, (x, y) => x + y)];
}
