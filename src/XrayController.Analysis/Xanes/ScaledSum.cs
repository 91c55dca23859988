using System.Numerics;

namespace XrayController.Analysis.Xanes;

/// <summary>The one SIMD kernel of the edge mapping: <c>sum[i] += weight · values[i]</c>, whole vectors then a scalar remainder.</summary>
internal static class ScaledSum
{
    public static void Accumulate(Span<float> sum, ReadOnlySpan<float> values, float weight)
    {
        if (values.Length != sum.Length)
        {
            throw new ArgumentException($"{values.Length} values for {sum.Length} sums", nameof(values));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; i <= sum.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(sum[i..]) + (w * new Vector<float>(values[i..]))).CopyTo(sum[i..]);
            }
        }

        for (; i < sum.Length; i++)
        {
            sum[i] += weight * values[i];
        }
    }
}
