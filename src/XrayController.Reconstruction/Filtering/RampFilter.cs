using NWaves.Transforms;
using XrayController.Core.Plans;

namespace XrayController.Reconstruction.Filtering;

/// <summary>
/// The frequency response of the filtered-back-projection filter for rows zero-padded to <see cref="PaddedLength"/>:
/// the ramp |ω| obtained as the discrete Fourier transform of its band-limited spatial kernel (h[0] = 1/4,
/// h[n odd] = −1/(πn)², h[n even] = 0; Kak and Slaney, ch. 3, eq. 61), which keeps the DC term right, times an
/// apodising window of the frequency f in cycles per pixel (|f| ≤ ½): Shepp–Logan sinc(f) = sin(πf)/(πf), cosine
/// cos(πf), Hamming 0.54 + 0.46·cos(2πf), Hann 0.5 + 0.5·cos(2πf). The unwindowed response is |f| (0.5 at Nyquist);
/// with the back-projection weight π/P it gives attenuation per pixel.
/// </summary>
public sealed class RampFilter
{
    private const int MinimumPaddedLength = 64;

    private RampFilter(int paddedLength, float[] response, ReconstructionFilter window)
    {
        PaddedLength = paddedLength;
        Response = response;
        Window = window;
    }

    /// <summary>Zero padding to at least twice the row, a power of two, so that the circular convolution does not wrap.</summary>
    public int PaddedLength { get; }

    /// <summary>The response at each FFT bin (bin k has frequency k/L, or (k − L)/L above L/2).</summary>
    public IReadOnlyList<float> Response { get; }

    public ReconstructionFilter Window { get; }

    public static int PaddedLengthFor(int columns) =>
        Math.Max(MinimumPaddedLength, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * columns)));

    public static RampFilter Create(int columns, ReconstructionFilter window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 2);
        int length = PaddedLengthFor(columns);
        var re = new float[length];
        var im = new float[length];
        re[0] = 0.25f;
        for (int k = 1; k < length; k++)
        {
            int n = k <= length / 2 ? k : length - k;
            re[k] = n % 2 == 1 ? (float)(-1.0 / (Math.PI * Math.PI * n * n)) : 0f;
        }

        new Fft(length).Direct(re, im);
        var response = new float[length];
        for (int k = 0; k < length; k++)
        {
            double frequency = (k <= length / 2 ? k : k - length) / (double)length;
            response[k] = (float)(re[k] * WindowAt(window, frequency));
        }

        return new RampFilter(length, response, window);
    }

    /// <summary>The window's value at <paramref name="frequency"/> cycles per pixel.</summary>
    public static double WindowAt(ReconstructionFilter window, double frequency) => window switch
    {
        ReconstructionFilter.Ramp => 1,
        ReconstructionFilter.SheppLogan => frequency == 0 ? 1 : Math.Sin(Math.PI * frequency) / (Math.PI * frequency),
        ReconstructionFilter.Cosine => Math.Cos(Math.PI * frequency),
        ReconstructionFilter.Hamming => 0.54 + (0.46 * Math.Cos(2 * Math.PI * frequency)),
        ReconstructionFilter.Hann => 0.5 + (0.5 * Math.Cos(2 * Math.PI * frequency)),
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, null),
    };
}
