namespace XrayController.Reconstruction.Preprocessing;

/// <summary>
/// Brings images taken at another magnification onto a reference one: an image magnified by M_E is resampled to M_ref
/// by scaling it by s = M_ref / M_E about the optical axis (the detector's centre, where a zone plate's image does not
/// move), then shifted by a registration offset. Interpolation is Keys' cubic convolution (a = −0.5; Keys 1981), not
/// bilinear: bilinear smooths by an amount that depends on the sub-pixel phase, which changes with the scale, so
/// images of different energies would be blurred differently and a voxel at a particle's surface would see its
/// spectrum distorted. Points beyond the image take the nearest edge pixel.
/// </summary>
public static class Magnification
{
    /// <param name="image">[row][column].</param>
    /// <param name="scale">M_ref / M_E: above 1 the image grows.</param>
    /// <param name="shiftRows">Added to the row of every feature after scaling (pixels).</param>
    /// <param name="shiftColumns">Likewise for columns.</param>
    public static float[] Rescale(ReadOnlySpan<float> image, int rows, int columns, double scale, double shiftRows = 0, double shiftColumns = 0)
    {
        if (image.Length != rows * columns)
        {
            throw new ArgumentException($"expected {rows} × {columns} values, got {image.Length}", nameof(image));
        }

        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the magnification ratio must be a positive number");
        }

        Taps[] columnTaps = Weights(columns, scale, shiftColumns);
        Taps[] rowTaps = Weights(rows, scale, shiftRows);
        var across = new float[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                across[(r * columns) + c] = columnTaps[c].Apply(image, r * columns, 1);
            }
        }

        var result = new float[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(r * columns) + c] = rowTaps[r].Apply(across, c, columns);
            }
        }

        return result;
    }

    /// <summary>For each output index, the four source indices (clamped) and Keys weights along one axis.</summary>
    private static Taps[] Weights(int length, double scale, double shift)
    {
        double center = (length - 1) / 2.0;
        var taps = new Taps[length];
        for (int i = 0; i < length; i++)
        {
            double source = center + ((i - shift - center) / scale);
            int floor = (int)Math.Floor(source);
            double t = source - floor;
            taps[i] = new Taps(
                [Clamp(floor - 1, length), Clamp(floor, length), Clamp(floor + 1, length), Clamp(floor + 2, length)],
                [Keys(1 + t), Keys(t), Keys(1 - t), Keys(2 - t)]);
        }

        return taps;
    }

    private static int Clamp(int index, int length) => Math.Clamp(index, 0, length - 1);

    /// <summary>Keys' cubic convolution kernel with a = −0.5.</summary>
    private static float Keys(double x)
    {
        x = Math.Abs(x);
        return (float)(x <= 1 ? (((1.5 * x) - 2.5) * x * x) + 1 : x < 2 ? (((((-0.5 * x) + 2.5) * x) - 4) * x) + 2 : 0);
    }

    private readonly record struct Taps(int[] Index, float[] Weight)
    {
        public float Apply(ReadOnlySpan<float> values, int offset, int stride) =>
            (Weight[0] * values[offset + (Index[0] * stride)]) + (Weight[1] * values[offset + (Index[1] * stride)])
            + (Weight[2] * values[offset + (Index[2] * stride)]) + (Weight[3] * values[offset + (Index[3] * stride)]);
    }
}
