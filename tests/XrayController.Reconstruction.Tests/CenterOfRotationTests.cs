using XrayController.Reconstruction.Centering;
using XrayController.Simulators.Physics;

namespace XrayController.Reconstruction.Tests;

public class CenterOfRotationTests
{
    [Theory]
    [InlineData(63.75)]
    [InlineData(60.3)]
    [InlineData(68.5)]
    public void The_axis_of_an_exact_sinogram_is_found_within_a_quarter_pixel(double axis)
    {
        Phantom phantom = Phantoms.SheppLogan(halfWidthMm: 52, maxLineIntegral: 2.0);
        double[] angles = ExactData.Angles(180);
        float[] sinogram = ExactData.Projections(phantom, 1, 128, axis, angles);

        double found = CenterOfRotation.Find(sinogram, 128, angles);

        Assert.InRange(found, axis - 0.25, axis + 0.25);
    }

    [Fact]
    public void The_axis_of_noisy_counts_is_found_within_a_quarter_pixel()
    {
        const double Axis = 63.75;
        Phantom phantom = Phantoms.Battery(halfWidthMm: 52, maxLineIntegral: 1.5, seed: 3);
        double[] angles = ExactData.Angles(180);
        float[] exact = ExactData.Projections(phantom, 1, 128, Axis, angles);
        var detector = new DetectorModel(1, 128, new DetectorNoise(0, 0, 0, 65535), seed: 1);
        var noisy = new float[exact.Length];
        for (int a = 0; a < 180; a++)
        {
            ushort[] counts = detector.Render([.. exact.AsSpan(a * 128, 128).ToArray().Select(v => (double)v)], 10000, a);
            for (int u = 0; u < 128; u++)
            {
                noisy[(a * 128) + u] = -MathF.Log(Math.Max(counts[u], (ushort)1) / 10000f);
            }
        }

        double found = CenterOfRotation.Find(noisy, 128, angles);

        Assert.InRange(found, Axis - 0.25, Axis + 0.25);
    }

    [Fact]
    public void Less_than_a_half_turn_is_refused()
    {
        double[] angles = ExactData.Angles(90, 90);

        ArgumentException error = Assert.Throws<ArgumentException>(() => CenterOfRotation.Find(new float[90 * 16], 16, angles));

        Assert.Contains("needs projections over 180°", error.Message, StringComparison.Ordinal);
    }
}
