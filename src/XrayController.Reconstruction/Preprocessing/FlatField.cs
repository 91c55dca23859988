namespace XrayController.Reconstruction.Preprocessing;

/// <summary>
/// Raw counts to line integrals: p = −ln((raw − dark) / (flat − dark)). A transmission at or below
/// <see cref="MinimumTransmission"/> (zero or negative counts after the dark) or undefined (a flat pixel no brighter than
/// its dark) is floored there and counted, never turned into an infinity or NaN.
/// </summary>
public static class FlatField
{
    public const float MinimumTransmission = 1e-5f;

    /// <returns>How many pixels were floored.</returns>
    public static int ToLineIntegrals(ReadOnlySpan<float> raw, ReadOnlySpan<float> dark, ReadOnlySpan<float> flat, Span<float> lineIntegrals)
    {
        if ((dark.Length != raw.Length && !dark.IsEmpty) || flat.Length != raw.Length || lineIntegrals.Length != raw.Length)
        {
            throw new ArgumentException("projection, dark (or none), flat and output must have the same size");
        }

        int floored = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            float darkLevel = dark.IsEmpty ? 0 : dark[i];
            float transmission = (raw[i] - darkLevel) / (flat[i] - darkLevel);
            if (!(transmission > MinimumTransmission) || float.IsPositiveInfinity(transmission))
            {
                transmission = MinimumTransmission;
                floored++;
            }

            lineIntegrals[i] = -MathF.Log(transmission);
        }

        return floored;
    }

    /// <summary>The mean of frames, summed in the order given (so that every caller gets the same bits).</summary>
    public static float[] Mean(IReadOnlyList<ReadOnlyMemory<float>> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("no frames to average", nameof(frames));
        }

        int length = frames[0].Length;
        var sum = new double[length];
        foreach (ReadOnlyMemory<float> frame in frames)
        {
            ReadOnlySpan<float> pixels = frame.Span;
            for (int i = 0; i < length; i++)
            {
                sum[i] += pixels[i];
            }
        }

        return [.. sum.Select(s => (float)(s / frames.Count))];
    }
}
