namespace XrayController.Simulators.Physics.Tests;

/// <summary>A frame taken while the sample turns is the mean of the frames along the arc, not the frame at its middle.</summary>
public class MotionBlurTests
{
    private const int Size = 48;
    private const double Photons = 50000;
    private static readonly DetectorNoise Noise = new(0, 0, 0, 65535);

    /// <summary>An off-centre sphere: turning moves its shadow across the detector.</summary>
    private static readonly Phantom Sphere = new("sphere", [new Ellipsoid(new Vector3D(0.1, 0, 0), new Vector3D(0.1, 0.1, 0.1), 0, 0, 15)]);

    [Fact]
    public void A_blurred_frame_is_the_mean_transmission_over_the_arc()
    {
        var renderer = new ParallelBeamRenderer(Sphere, Size, Size, 0.01, 23.5, Noise, seed: 9);
        const int Samples = 8;

        double[] blurred = Mean([renderer.Render(30, 0, 0, Photons, 1, frameSeed: 1, arcDeg: 40)]);
        double[] sharpMean = Mean([.. Enumerable.Range(0, Samples).Select(k => renderer.Render(30 + (40 * (((k + 0.5) / Samples) - 0.5)), 0, 0, Photons, 1, frameSeed: 100 + k))]);
        double[] sharpMiddle = Mean([renderer.Render(30, 0, 0, Photons, 1, frameSeed: 2)]);

        // Column profiles (summed over rows) average the photon noise down to about 0.07 % per column.
        double[] blurredColumns = Columns(blurred);
        double[] meanColumns = Columns(sharpMean);
        double[] middleColumns = Columns(sharpMiddle);
        double total = meanColumns.Sum();
        Assert.InRange(Math.Abs(blurredColumns.Sum() - total) / total, 0, 2e-3);
        double blurError = blurredColumns.Zip(meanColumns, (a, b) => Math.Abs(a - b)).Sum() / total;
        double middleError = middleColumns.Zip(meanColumns, (a, b) => Math.Abs(a - b)).Sum() / total;
        Assert.True(blurError * 5 < middleError, $"blurred frame differs by {blurError:P2} from the mean along the arc, the middle frame by {middleError:P2}");
    }

    private static double[] Columns(double[] frame) =>
        [.. Enumerable.Range(0, Size).Select(column => Enumerable.Range(0, Size).Sum(row => frame[(row * Size) + column]))];

    private static double[] Mean(IReadOnlyList<ushort[]> frames) =>
        [.. Enumerable.Range(0, frames[0].Length).Select(i => frames.Average(f => (double)f[i]))];
}
