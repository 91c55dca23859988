namespace XrayController.Analysis.Segmentation;

/// <summary>Otsu's threshold (Otsu 1979): the level that maximises the between-class variance of a 256-bin histogram; non-finite values are ignored.</summary>
public static class Otsu
{
    private const int Bins = 256;

    public static float Threshold(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        foreach (float v in values)
        {
            if (float.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        if (!(max > min))
        {
            throw new ArgumentException("Otsu's threshold needs at least two distinct finite values", nameof(values));
        }

        var histogram = new long[Bins];
        double width = (max - min) / Bins;
        foreach (float v in values)
        {
            if (float.IsFinite(v))
            {
                histogram[Math.Min(Bins - 1, (int)((v - min) / width))]++;
            }
        }

        long total = histogram.Sum();
        double sumAll = 0;
        for (int b = 0; b < Bins; b++)
        {
            sumAll += b * (double)histogram[b];
        }

        double best = -1;
        int bestBin = 0;
        long below = 0;
        double sumBelow = 0;
        for (int b = 0; b < Bins - 1; b++)
        {
            below += histogram[b];
            sumBelow += b * (double)histogram[b];
            long above = total - below;
            if (below == 0 || above == 0)
            {
                continue;
            }

            double difference = (sumBelow / below) - ((sumAll - sumBelow) / above);
            double between = (double)below * above * difference * difference;
            if (between > best)
            {
                best = between;
                bestBin = b;
            }
        }

        return (float)(min + ((bestBin + 1) * width));
    }
}
