using XrayController.Core.Optics;

namespace XrayController.Reconstruction.Cone;

/// <summary>
/// Finds a full-turn cone-beam scan's principal column (where the central ray, through the rotation axis, meets the
/// panel) from the central detector row, a fan-beam sinogram: the ray at source angle β and fan angle γ is measured
/// again at β + π − 2γ with −γ, so around the right column c₀ the reading at c₀ + u matches the one at c₀ − u half a turn
/// and −2γ later (γ = atan(u·p / SDD)). The mismatch of every such pair the panel holds (linear interpolation in angle
/// and column), relative to the pairs' own signal — Σ(a − b)² / Σ(a² + b²), so a few columns of air near an edge, which
/// match as well as noise allows, score no better than noise — is searched on a 1-pixel grid across the whole panel
/// wherever the near side keeps <see cref="HalfAcquisition.MinimumOverlapColumns"/> columns (an axis near one edge is a
/// half-acquisition), then refined to 0.01 pixel. Unlike Vo's parallel-beam method it stays unbiased for wide fans.
/// </summary>
public static class ConeCenter
{
    private const int MaxAngles = 180;

    /// <summary>The most columns of a row the 1-pixel search compares (a wider panel is sampled at a stride; the refinement uses them all).</summary>
    private const int MaxSearchColumns = 512;

    public static double Find(float[] sinogram, int columns, IReadOnlyList<double> anglesDeg, double pixelUMm, double sourceToDetectorMm)
    {
        ArgumentNullException.ThrowIfNull(sinogram);
        ArgumentNullException.ThrowIfNull(anglesDeg);
        int projections = anglesDeg.Count;
        if (sinogram.Length != projections * columns)
        {
            throw new ArgumentException($"the sinogram holds {sinogram.Length} values, not {projections} × {columns}", nameof(sinogram));
        }

        double first = anglesDeg[0];
        double step = (anglesDeg[^1] - first) / (projections - 1);
        if (!(Math.Abs(step) > 0) || Math.Abs(step * projections) < 359.9)
        {
            throw new ArgumentException("finding the centre from conjugate rays needs equally spaced angles over a full turn", nameof(anglesDeg));
        }

        int angleStride = Math.Max(1, projections / MaxAngles);
        double Cost(double c0, int columnStride)
        {
            double mismatch = 0;
            double signal = 0;
            for (int p = 0; p < projections; p += angleStride)
            {
                for (int c = 0; c < columns; c += columnStride)
                {
                    double u = c - c0;
                    double mirror = c0 - u;
                    if (mirror < 0 || mirror > columns - 1)
                    {
                        continue;
                    }

                    double gamma = Math.Atan(u * pixelUMm / sourceToDetectorMm) * 180 / Math.PI;
                    double conjugate = ((anglesDeg[p] + 180 - (2 * gamma) - first) / step) % projections;
                    if (conjugate < 0)
                    {
                        conjugate += projections;
                    }

                    double a = sinogram[(p * columns) + c];
                    double b = Sample(sinogram, columns, projections, conjugate, mirror);
                    mismatch += (a - b) * (a - b);
                    signal += (a * a) + (b * b);
                }
            }

            return signal > 0 ? mismatch / signal : double.PositiveInfinity;
        }

        double edge = HalfAcquisition.MinimumOverlapColumns - 0.5;
        int searchStride = Math.Max(1, columns / MaxSearchColumns);
        double best = (columns - 1) / 2.0;
        double bestCost = double.PositiveInfinity;
        for (double c0 = edge; c0 <= columns - 1 - edge; c0 += 1)
        {
            double cost = Cost(c0, searchStride);
            if (cost < bestCost)
            {
                (best, bestCost) = (c0, cost);
            }
        }

        bestCost = Cost(best, 1);
        foreach (double resolution in new[] { 0.1, 0.01 })
        {
            double centre = best;
            for (double c0 = centre - (10 * resolution); c0 <= centre + (10 * resolution) + 1e-9; c0 += resolution)
            {
                double cost = Cost(c0, 1);
                if (cost < bestCost)
                {
                    (best, bestCost) = (c0, cost);
                }
            }
        }

        return best;
    }

    /// <summary>Bilinear value at fractional projection (periodic) and column.</summary>
    private static double Sample(float[] sinogram, int columns, int projections, double projection, double column)
    {
        int p0 = (int)projection;
        int p1 = (p0 + 1) % projections;
        double fp = projection - p0;
        int c0 = Math.Min((int)column, columns - 2);
        double fc = column - c0;
        double a = sinogram[(p0 * columns) + c0] + (fc * (sinogram[(p0 * columns) + c0 + 1] - sinogram[(p0 * columns) + c0]));
        double b = sinogram[(p1 * columns) + c0] + (fc * (sinogram[(p1 * columns) + c0 + 1] - sinogram[(p1 * columns) + c0]));
        return a + (fp * (b - a));
    }
}
