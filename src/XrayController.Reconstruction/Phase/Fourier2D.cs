using NWaves.Transforms;

namespace XrayController.Reconstruction.Phase;

/// <summary>
/// Two-dimensional FFTs of power-of-two images held as separate real and imaginary planes, in single precision: NWaves'
/// radix-2 transform along every row, a blocked transpose, the rows again, and a transpose back, each pass spread over
/// the cores. NWaves measured fastest of the FFTs served here (<c>xrayctl bench phase</c> compares it with MathNet).
/// </summary>
public sealed class Fourier2D
{
    private const int Block = 32;

    private readonly float[] _scratchRe;
    private readonly float[] _scratchIm;

    public Fourier2D(int rows, int columns)
    {
        if (!IsPowerOfTwo(rows) || !IsPowerOfTwo(columns) || rows < 2 || columns < 2)
        {
            throw new ArgumentException($"a {rows} × {columns} image: both sizes must be powers of two (pad it)");
        }

        Rows = rows;
        Columns = columns;
        _scratchRe = new float[rows * columns];
        _scratchIm = new float[rows * columns];
    }

    public int Rows { get; }

    public int Columns { get; }

    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    /// <summary>The smallest power of two ≥ <paramref name="n"/>.</summary>
    public static int NextPowerOfTwo(int n) => n <= 1 ? 1 : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n);

    /// <summary>The frequency of FFT bin <paramref name="index"/> of <paramref name="length"/>, in cycles per sample (negative in the upper half).</summary>
    public static double Frequency(int index, int length) => (index < (length + 1) / 2 ? index : index - length) / (double)length;

    /// <summary>The forward transform, in place, unnormalised.</summary>
    public void Forward(float[] re, float[] im) => Transform(re, im, inverse: false);

    /// <summary>The inverse transform, in place, divided by the number of pixels (so that it undoes <see cref="Forward"/>).</summary>
    public void Inverse(float[] re, float[] im)
    {
        Transform(re, im, inverse: true);
        float scale = 1f / (Rows * Columns);
        Parallel.For(0, Rows, r =>
        {
            Span<float> a = re.AsSpan(r * Columns, Columns);
            Span<float> b = im.AsSpan(r * Columns, Columns);
            for (int c = 0; c < a.Length; c++)
            {
                a[c] *= scale;
                b[c] *= scale;
            }
        });
    }

    private void Transform(float[] re, float[] im, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(re);
        ArgumentNullException.ThrowIfNull(im);
        if (re.Length < Rows * Columns || im.Length < Rows * Columns)
        {
            throw new ArgumentException($"the planes hold {re.Length} and {im.Length} values; a {Rows} × {Columns} transform needs {Rows * Columns}");
        }

        TransformRows(re, im, Rows, Columns, inverse);
        Transpose(re, _scratchRe, Rows, Columns);
        Transpose(im, _scratchIm, Rows, Columns);
        TransformRows(_scratchRe, _scratchIm, Columns, Rows, inverse);
        Transpose(_scratchRe, re, Columns, Rows);
        Transpose(_scratchIm, im, Columns, Rows);
    }

    private static void TransformRows(float[] re, float[] im, int rows, int length, bool inverse) =>
        Parallel.For(0, rows, () => new Fft(length), (r, _, fft) =>
        {
            Span<float> a = re.AsSpan(r * length, length);
            Span<float> b = im.AsSpan(r * length, length);
            if (inverse)
            {
                fft.Inverse(a, b);
            }
            else
            {
                fft.Direct(a, b);
            }

            return fft;
        }, _ => { });

    /// <summary>destination[c, r] = source[r, c] for a rows × columns source, in cache-sized tiles.</summary>
    private static void Transpose(float[] source, float[] destination, int rows, int columns) =>
        Parallel.For(0, (rows + Block - 1) / Block, tile =>
        {
            int r0 = tile * Block;
            int r1 = Math.Min(rows, r0 + Block);
            for (int c0 = 0; c0 < columns; c0 += Block)
            {
                int c1 = Math.Min(columns, c0 + Block);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        destination[(c * rows) + r] = source[(r * columns) + c];
                    }
                }
            }
        });
}
