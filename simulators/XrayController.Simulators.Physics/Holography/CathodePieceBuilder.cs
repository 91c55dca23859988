using XrayController.Simulators.Physics.Spectral;

namespace XrayController.Simulators.Physics.Holography;

/// <summary>
/// Builds a reproducible <see cref="CathodePiece"/> from a seed. Of the height from bottom to top, the aluminium foil
/// takes the lowest 10 % and the delamination gap the next 6 % (both chosen: the real foil is 15 µm and the composite
/// about 60 µm, too tall for a small simulated field). NMC particles 3–4 µm across (grains and cracks as
/// <see cref="NmcClusterBuilder"/> makes them) are packed at random into the composite, clear of the pillar's wall and
/// of each other (counting the grains that bulge out of a particle's sphere); a particle is cracked with a probability falling from 80 % next to the foil to 20 % at the top
/// (chosen: damage concentrated at the delaminated interface), with one or two cracks equally often.
/// </summary>
public static class CathodePieceBuilder
{
    /// <summary>How far a particle's grains reach, in particle radii (grain centres lie within R − 0.6r, grains of radius r ≤ 0.45R).</summary>
    private const double Extent = 1.2;

    public static CathodePiece Build(double radiusMm, double bottomMm, double topMm, int maxParticles, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxParticles);
        double height = topMm - bottomMm;
        if (!(height > 0) || !(radiusMm > 0))
        {
            throw new ArgumentException($"a cathode piece needs a positive radius and height (radius {radiusMm} mm, {bottomMm}–{topMm} mm)");
        }

        double foilTop = bottomMm + (0.10 * height);
        double gap = 0.06 * height;
        double compositeBottom = foilTop + gap;
        var random = new Random(seed);
        var particles = new List<XanesParticle>();
        var grains = new List<XanesGrain>();
        for (int attempt = 0; attempt < 200 * maxParticles && particles.Count < maxParticles; attempt++)
        {
            double radius = (1.5 + (0.5 * random.NextDouble())) * 1e-3;
            double extent = Extent * radius;
            double reach = radiusMm - extent - 0.2e-3;
            double low = compositeBottom + extent + 0.1e-3;
            double high = topMm - extent - 0.1e-3;
            if (reach <= 0 || high <= low)
            {
                throw new ArgumentException($"a pillar of radius {radiusMm * 1000:F1} µm and composite {(topMm - compositeBottom) * 1000:F1} µm high is too small for 3–4 µm particles");
            }

            var center = new Vector3D(Uniform(random, reach), Uniform(random, reach), low + ((high - low) * random.NextDouble()));
            if ((center.X * center.X) + (center.Y * center.Y) > reach * reach || particles.Any(p => (p.Center - center).Length < (Extent * (p.RadiusMm + radius)) + 0.3e-3))
            {
                continue;
            }

            double depth = (center.Z - compositeBottom) / (topMm - compositeBottom);
            int cracks = random.NextDouble() < 0.8 - (0.6 * depth) ? 1 + random.Next(2) : 0;
            var particle = new XanesParticle(particles.Count + 1, center, radius, cracks);
            particles.Add(particle);
            grains.AddRange(NmcClusterBuilder.Grains(particle, random, grains.Count));
        }

        return new CathodePiece(radiusMm, bottomMm, foilTop, gap, topMm, particles, grains);
    }

    private static double Uniform(Random random, double halfRange) => ((2 * random.NextDouble()) - 1) * halfRange;
}
