using XrayController.Core.Optics;

namespace XrayController.Reconstruction;

/// <summary>
/// A parallel-beam scan as the reconstruction sees it: detector columns, the rotation axis (0-based column, pixel j's
/// centre at j, stored pixels), the projection angles, and the pixel size at the sample (NaN when unknown, and the
/// result is then in 1/pixel).
/// </summary>
public sealed record ParallelGeometry(int Columns, double CenterPx, IReadOnlyList<double> AnglesDeg, double PixelSizeMm)
{
    public int Angles => AnglesDeg.Count;

    public string Units => double.IsNaN(PixelSizeMm) ? "1/pixel" : "1/mm";

    /// <summary>
    /// The back-projection weight π/P (the angles cover a whole number of half turns evenly), over the pixel size when
    /// known; twice that for a half-acquisition, whose weights count each line once over the full turn.
    /// </summary>
    public float Scale => ScaleFor(Measured is null ? Angles : Angles / 2.0, PixelSizeMm);

    /// <summary>A half-acquisition's measured columns on its widened detector (<see cref="AsHalfAcquisition"/>): the first and how many; null when measured whole.</summary>
    public (int First, int Count)? Measured { get; private init; }

    /// <summary>
    /// This full turn as a half-acquisition (the axis's image near one edge, each half-turn seeing one side): the
    /// detector widened with unmeasured columns on the near side until the axis lies in its middle, so the ramp filter's
    /// spread past the near edge is kept and the two half-turns' filtered rays add up to the whole ray's; the
    /// projections go on it, weighted, through <see cref="Widen"/>.
    /// </summary>
    public ParallelGeometry AsHalfAcquisition()
    {
        if (Measured is not null)
        {
            return this;
        }

        (int added, int before) = HalfAcquisition.Widening(CenterPx, Columns);
        return this with { Columns = Columns + added, CenterPx = CenterPx + before, Measured = (before, Columns) };
    }

    /// <summary>
    /// Measured projections ([angle][row][measured column]) placed on the widened detector and weighted by Wang's
    /// redundancy weights about the axis (<see cref="HalfAcquisition.Weight"/>), the unmeasured columns zero; the same
    /// array when the detector is measured whole.
    /// </summary>
    public float[] Widen(float[] measured, int rows)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (Measured is not (int first, int count))
        {
            return measured;
        }

        if (measured.Length != (long)Angles * rows * count)
        {
            throw new ArgumentException($"{measured.Length} values are not {Angles} projections of {rows} rows × {count} measured columns", nameof(measured));
        }

        double overlap = HalfAcquisition.NearSideColumns(CenterPx - first, count);
        bool farAfter = CenterPx < first + ((count - 1) / 2.0);
        var weights = new float[count];
        for (int c = 0; c < count; c++)
        {
            double u = first + c - CenterPx;
            weights[c] = (float)HalfAcquisition.Weight(farAfter ? u : -u, overlap);
        }

        var widened = new float[(long)Angles * rows * Columns];
        for (long line = 0; line < (long)Angles * rows; line++)
        {
            ReadOnlySpan<float> from = measured.AsSpan((int)(line * count), count);
            Span<float> to = widened.AsSpan((int)((line * Columns) + first), count);
            for (int c = 0; c < count; c++)
            {
                to[c] = from[c] * weights[c];
            }
        }

        return widened;
    }

    public static float ScaleFor(double projections, double pixelSizeMm) => (float)(Math.PI / projections / (double.IsNaN(pixelSizeMm) ? 1 : pixelSizeMm));

    public float[] Cosines() => [.. AnglesDeg.Select(a => (float)Math.Cos(a * Math.PI / 180))];

    public float[] Sines() => [.. AnglesDeg.Select(a => (float)Math.Sin(a * Math.PI / 180))];

    public void Validate()
    {
        if (Columns < 2)
        {
            throw new ArgumentException($"a detector of {Columns} columns cannot be reconstructed");
        }

        if (!(CenterPx >= 0 && CenterPx <= Columns - 1))
        {
            throw new ArgumentException($"the rotation axis at column {CenterPx} lies outside the detector's columns 0–{Columns - 1}");
        }

        if (Angles < 2)
        {
            throw new ArgumentException($"reconstruction needs at least two projections; there are {Angles}");
        }

        for (int i = 1; i < Angles; i++)
        {
            if (!(AnglesDeg[i] > AnglesDeg[i - 1]))
            {
                throw new ArgumentException($"angles must increase: angle {i} is {AnglesDeg[i]}° after {AnglesDeg[i - 1]}°");
            }
        }
    }
}
