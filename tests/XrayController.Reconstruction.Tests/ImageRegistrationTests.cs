using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Reconstruction.Tests;

public class ImageRegistrationTests
{
    private const int Rows = 48;
    private const int Columns = 64;

    /// <summary>Two blobs of different sizes, displaced by (dr, dc), with a little noise.</summary>
    private static float[] Scene(double dr, double dc, double contrast, int seed)
    {
        var random = new Random(seed);
        var image = new float[Rows * Columns];
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double y = r - dr;
                double x = c - dc;
                double value = Math.Exp(-((((x - 25) * (x - 25)) + ((y - 20) * (y - 20))) / 30.0)) + (0.6 * Math.Exp(-((((x - 42) * (x - 42)) + ((y - 30) * (y - 30))) / 12.0)));
                image[(r * Columns) + c] = (float)((contrast * value) + (0.01 * ((2 * random.NextDouble()) - 1)));
            }
        }

        return image;
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.4, -0.7)]
    [InlineData(-1.25, 2.6)]
    public void A_known_sub_pixel_shift_is_measured_within_a_tenth_of_a_pixel(double dr, double dc)
    {
        var registration = new ImageRegistration([Scene(0, 0, 1, 1), Scene(0, 0, 1, 2)], Rows, Columns);

        (double rows, double columns) = registration.ShiftOf([Scene(dr, dc, 0.5, 3), Scene(dr, dc, 0.5, 4)]);

        Assert.Equal(dr, rows, 0.1);
        Assert.Equal(dc, columns, 0.1);
    }

    [Fact]
    public void Sets_of_different_sizes_are_refused()
    {
        var registration = new ImageRegistration([Scene(0, 0, 1, 1)], Rows, Columns);

        Assert.Throws<ArgumentException>(() => registration.ShiftOf([Scene(0, 0, 1, 1), Scene(0, 0, 1, 2)]));
    }
}
