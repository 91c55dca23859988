using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Reconstruction.Tests;

public class MagnificationTests
{
    private const int Rows = 40;
    private const int Columns = 64;

    /// <summary>A smooth blob centred off the optical axis, sampled at a given magnification about the image centre.</summary>
    private static float[] Blob(double magnification)
    {
        var image = new float[Rows * Columns];
        double cr = (Rows - 1) / 2.0;
        double cc = (Columns - 1) / 2.0;
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double y = (r - cr) / magnification;
                double x = (c - cc) / magnification;
                image[(r * Columns) + c] = (float)Math.Exp(-((((x - 7) * (x - 7)) + ((y + 4) * (y + 4))) / 18.0));
            }
        }

        return image;
    }

    [Fact]
    public void Scale_one_without_shift_changes_nothing()
    {
        float[] image = Blob(1);

        Assert.Equal(image, Magnification.Rescale(image, Rows, Columns, 1));
    }

    [Theory]
    [InlineData(0.96)]
    [InlineData(1.048)]
    public void An_image_at_another_magnification_is_brought_back_onto_the_reference(double magnification)
    {
        float[] reference = Blob(1);

        float[] rescaled = Magnification.Rescale(Blob(magnification), Rows, Columns, 1 / magnification);

        double worst = Enumerable.Range(0, reference.Length).Max(i => Math.Abs(rescaled[i] - reference[i]));
        Assert.InRange(worst, 0, 0.01);
    }

    [Fact]
    public void A_shift_moves_features_by_that_many_pixels()
    {
        float[] image = Blob(1);

        float[] shifted = Magnification.Rescale(image, Rows, Columns, 1, shiftRows: 2, shiftColumns: -3);

        Assert.Equal(image[(10 * Columns) + 30], shifted[(12 * Columns) + 27], 5);
    }
}
