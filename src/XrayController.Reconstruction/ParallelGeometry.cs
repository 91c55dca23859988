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

    /// <summary>The back-projection weight π/P (the angles cover a whole number of half turns evenly), over the pixel size when known.</summary>
    public float Scale => ScaleFor(Angles, PixelSizeMm);

    public static float ScaleFor(int projections, double pixelSizeMm) => (float)(Math.PI / projections / (double.IsNaN(pixelSizeMm) ? 1 : pixelSizeMm));

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
