using NWaves.Transforms;

namespace XrayController.Reconstruction.Filtering;

/// <summary>
/// Filters detector rows with a <see cref="RampFilter"/>: each row is zero-padded, transformed, multiplied by the
/// response and transformed back. Two rows go through one complex FFT (the first as the real part, the second as the
/// imaginary part): the response is real and even, so the two stay apart. NWaves measured fastest of the FFTs served
/// here (25 µs for a forward and inverse complex transform of 1024 points; MathNet.Numerics 126–215 µs, FftSharp 227 µs).
/// One instance per thread: it owns its work buffers.
/// </summary>
public sealed class RowFilter(RampFilter filter)
{
    private readonly Fft _fft = new(filter.PaddedLength);
    private readonly float[] _re = new float[filter.PaddedLength];
    private readonly float[] _im = new float[filter.PaddedLength];

    public RampFilter Filter { get; } = filter;

    /// <summary>Filters <paramref name="first"/> and, when given, <paramref name="second"/> (same length) into the outputs.</summary>
    public void FilterPair(ReadOnlySpan<float> first, ReadOnlySpan<float> second, Span<float> firstOut, Span<float> secondOut)
    {
        int length = Filter.PaddedLength;
        int columns = first.Length;
        if (columns * 2 > length || second.Length is not 0 && second.Length != columns)
        {
            throw new ArgumentException($"rows of {columns} (and {second.Length}) do not fit a filter padded to {length}");
        }

        Array.Clear(_re);
        Array.Clear(_im);
        first.CopyTo(_re);
        second.CopyTo(_im);
        _fft.Direct(_re, _im);
        IReadOnlyList<float> response = Filter.Response;
        for (int k = 0; k < length; k++)
        {
            _re[k] *= response[k];
            _im[k] *= response[k];
        }

        _fft.Inverse(_re, _im);
        float scale = 1f / length;
        for (int i = 0; i < columns; i++)
        {
            firstOut[i] = _re[i] * scale;
        }

        for (int i = 0; i < secondOut.Length; i++)
        {
            secondOut[i] = _im[i] * scale;
        }
    }

    /// <summary>Filters every row of a row-major block (rows × columns) in place, two at a time.</summary>
    public void FilterRows(Span<float> rows, int columns)
    {
        int count = rows.Length / columns;
        for (int r = 0; r < count; r += 2)
        {
            Span<float> first = rows.Slice(r * columns, columns);
            Span<float> second = r + 1 < count ? rows.Slice((r + 1) * columns, columns) : [];
            FilterPair(first, second, first, second);
        }
    }
}
