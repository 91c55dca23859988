namespace XrayController.Simulators.Physics.Spectral;

/// <summary>
/// Builds a reproducible cluster of NMC532 secondary particles (3–4 µm across) for XANES simulation, from a seed.
/// Each particle is filled with primary grains of radius 0.4–0.45 of its own (about 1.5 µm across, large for NMC but
/// several times the reconstruction's resolution at 0.12 µm voxels) on a jittered cubic lattice of spacing
/// 1.7 grain radii placed half a spacing off the particle's centre (so that at least the eight grains around the
/// centre fit), so neighbours overlap and meet at necks (a distance-map watershed can split them). Particles take
/// 0, 1, 2, 0, 1, 2 … cracks in turn (intact, mild, severe), each crack a 0.3 µm gap through the particle that clips
/// every grain to its side. Edge energies (INSTRUMENTS §4: 8342–8346 eV): a particle's mean is drawn in
/// 8342.8–8345.2 eV, its grains scatter about it by 0.5 eV (kept within 8342–8346), and each grain's edge varies across
/// it with a standard deviation of 0.3–0.5, 0.45–0.7 or 0.6–1.0 eV for intact, mild and severe particles (damaged
/// particles being more heterogeneous inside their grains).
/// </summary>
public static class NmcClusterBuilder
{
    private const double CrackGapMm = 0.3e-3;

    public static XanesPhantom Build(double halfWidthMm, double halfHeightMm, int particleCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(particleCount);
        var random = new Random(seed);
        var particles = new List<XanesParticle>();
        var grains = new List<XanesGrain>();
        for (int attempt = 0; attempt < 5000 && particles.Count < particleCount; attempt++)
        {
            double radius = (1.5 + (0.5 * random.NextDouble())) * 1e-3;
            double reach = (0.85 * halfWidthMm) - radius;
            double height = (0.85 * halfHeightMm) - radius;
            if (reach <= 0 || height <= 0)
            {
                throw new ArgumentException($"a field of {2 * halfWidthMm * 1000:F1} × {2 * halfHeightMm * 1000:F1} µm is too small for 3–4 µm particles");
            }

            var center = new Vector3D(Uniform(random, reach), Uniform(random, reach), Uniform(random, height));
            if ((center.X * center.X) + (center.Y * center.Y) > reach * reach || particles.Any(p => (p.Center - center).Length < p.RadiusMm + radius + 1e-3))
            {
                continue;
            }

            var particle = new XanesParticle(particles.Count + 1, center, radius, particles.Count % 3);
            particles.Add(particle);
            grains.AddRange(Grains(particle, random, grains.Count));
        }

        return particles.Count == particleCount
            ? new XanesPhantom(particles, grains, EdgeMaterial.Nmc532)
            : throw new ArgumentException($"only {particles.Count} of {particleCount} particles fit in a field of {2 * halfWidthMm * 1000:F1} × {2 * halfHeightMm * 1000:F1} µm");
    }

    internal static List<XanesGrain> Grains(XanesParticle particle, Random random, int firstId)
    {
        double grainRadius = particle.RadiusMm * (0.4 + (0.05 * random.NextDouble()));
        double spacing = 1.7 * grainRadius;
        int steps = (int)Math.Ceiling(particle.RadiusMm / spacing);
        var centres = new List<Vector3D>();
        for (int i = -steps; i <= steps; i++)
        {
            for (int j = -steps; j <= steps; j++)
            {
                for (int k = -steps; k <= steps; k++)
                {
                    var jitter = new Vector3D(Uniform(random, 0.1), Uniform(random, 0.1), Uniform(random, 0.1));
                    Vector3D at = particle.Center + (spacing * new Vector3D(i + 0.5, j + 0.5, k + 0.5)) + (grainRadius * jitter);
                    if ((at - particle.Center).Length <= particle.RadiusMm - (0.6 * grainRadius))
                    {
                        centres.Add(at);
                    }
                }
            }
        }

        List<(Vector3D Normal, double Offset)> cracks = [.. Enumerable.Range(0, particle.Cracks).Select(_ => Crack(particle, random))];
        double particleMean = 8342.8 + (2.4 * random.NextDouble());
        (double low, double high) = particle.Cracks switch { 0 => (0.3, 0.5), 1 => (0.45, 0.7), _ => (0.6, 1.0) };
        var grains = new List<XanesGrain>();
        foreach (Vector3D centre in centres)
        {
            var clips = new List<ClipPlane>();
            foreach (Vector3D other in centres)
            {
                double apart = (other - centre).Length;
                if (apart > 0 && apart < 2 * grainRadius)
                {
                    Vector3D normal = (1 / apart) * (other - centre);
                    clips.Add(new ClipPlane(normal, normal.Dot(0.5 * (centre + other))));
                }
            }

            foreach ((Vector3D normal, double offset) in cracks)
            {
                clips.Add(normal.Dot(centre) >= offset
                    ? new ClipPlane(-1 * normal, -(offset + (CrackGapMm / 2)))
                    : new ClipPlane(normal, offset - (CrackGapMm / 2)));
            }

            double edge = Math.Clamp(particleMean + (0.5 * Gaussian(random)), 8342, 8346);
            double spread = low + ((high - low) * random.NextDouble());
            Vector3D gradient = (spread * Math.Sqrt(5) / grainRadius) * RandomDirection(random);
            grains.Add(new XanesGrain(firstId + grains.Count + 1, particle.Id, centre, grainRadius, clips, edge, gradient));
        }

        return grains;
    }

    /// <summary>A crack plane n·x = offset through the particle, within a fifth of its radius of the centre.</summary>
    private static (Vector3D Normal, double Offset) Crack(XanesParticle particle, Random random)
    {
        Vector3D normal = RandomDirection(random);
        return (normal, normal.Dot(particle.Center) + Uniform(random, 0.2 * particle.RadiusMm));
    }

    private static Vector3D RandomDirection(Random random)
    {
        while (true)
        {
            var v = new Vector3D(Uniform(random, 1), Uniform(random, 1), Uniform(random, 1));
            double length = v.Length;
            if (length is > 0.1 and <= 1)
            {
                return (1 / length) * v;
            }
        }
    }

    private static double Uniform(Random random, double halfRange) => ((2 * random.NextDouble()) - 1) * halfRange;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
