using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace XrayController.Reconstruction.Backprojection;

/// <summary>
/// Adds one filtered projection to a set of reconstruction points, for K slices at once. The filtered data are laid out
/// [detector column][slice] and the output [point][slice]: in a parallel beam every slice sees a point at the same
/// detector position u = x·cosθ + y·sinθ + c, so the interpolation index and weight are computed once per point and
/// the slices are summed as contiguous vectors (AVX2: 8 slices per instruction, SSE: 4), the remainder one by one with
/// the same arithmetic, so that every path gives the same bits. Points outside the detector get nothing.
/// </summary>
public static class BackprojectionKernel
{
    public static void Accumulate(
        ReadOnlySpan<float> filtered,
        int columns,
        int slices,
        float cos,
        float sin,
        float center,
        ReadOnlySpan<float> xs,
        ReadOnlySpan<float> ys,
        Span<float> output)
    {
        if (filtered.Length < columns * slices || output.Length < xs.Length * slices || ys.Length != xs.Length || columns < 2)
        {
            throw new ArgumentException("buffer sizes do not match the columns, slices and points");
        }

        float last = columns - 1;
        for (int p = 0; p < xs.Length; p++)
        {
            float u = (xs[p] * cos) + (ys[p] * sin) + center;
            if (!(u >= 0 && u <= last))
            {
                continue;
            }

            int i0 = Math.Min((int)u, columns - 2);
            float w = u - i0;
            AddInterpolated(filtered.Slice(i0 * slices, 2 * slices), w, output.Slice(p * slices, slices));
        }
    }

    /// <summary>acc[k] += v0[k] + w·(v1[k] − v0[k]) for k below K, where <paramref name="pair"/> holds v0 then v1.</summary>
    internal static void AddInterpolated(ReadOnlySpan<float> pair, float w, Span<float> acc)
    {
        int k = acc.Length;
        ref float v0 = ref MemoryMarshal.GetReference(pair);
        ref float v1 = ref Unsafe.Add(ref v0, k);
        ref float a = ref MemoryMarshal.GetReference(acc);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> weight = Vector256.Create(w);
            for (; i <= k - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> low = Vector256.LoadUnsafe(ref v0, (nuint)i);
                Vector256<float> high = Vector256.LoadUnsafe(ref v1, (nuint)i);
                Vector256<float> sum = Vector256.LoadUnsafe(ref a, (nuint)i) + (low + (weight * (high - low)));
                sum.StoreUnsafe(ref a, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> weight = Vector128.Create(w);
            for (; i <= k - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> low = Vector128.LoadUnsafe(ref v0, (nuint)i);
                Vector128<float> high = Vector128.LoadUnsafe(ref v1, (nuint)i);
                Vector128<float> sum = Vector128.LoadUnsafe(ref a, (nuint)i) + (low + (weight * (high - low)));
                sum.StoreUnsafe(ref a, (nuint)i);
            }
        }

        for (; i < k; i++)
        {
            float low = Unsafe.Add(ref v0, i);
            Unsafe.Add(ref a, i) += low + (w * (Unsafe.Add(ref v1, i) - low));
        }
    }
}
