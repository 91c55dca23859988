namespace XrayController.Simulators.Physics;

/// <summary>
/// The phantoms of the simulated instrument, in normalised units (1 = half the field of view) scaled to mm, with their
/// coefficients scaled so that the most attenuating ray through the central slice has a chosen line integral.
/// </summary>
public static class Phantoms
{
    /// <summary>
    /// A modified 3D Shepp–Logan phantom: the ellipses of Toft's modified (higher-contrast) 2D Shepp–Logan phantom
    /// (Shepp and Logan 1974; P. Toft, PhD thesis, DTU 1996) extended to ellipsoids centred on z = 0, so that the central
    /// slice is exactly the 2D phantom. Columns: relative μ, semi-axes x, y, z, centre x, y, turn about z (degrees).
    /// </summary>
    private static readonly double[][] SheppLoganTable =
    [
        [1.0, 0.69, 0.92, 0.90, 0, 0, 0],
        [-0.8, 0.6624, 0.874, 0.88, 0, -0.0184, 0],
        [-0.2, 0.11, 0.31, 0.21, 0.22, 0, -18],
        [-0.2, 0.16, 0.41, 0.22, -0.22, 0, 18],
        [0.1, 0.21, 0.25, 0.50, 0, 0.35, 0],
        [0.1, 0.046, 0.046, 0.046, 0, 0.1, 0],
        [0.1, 0.046, 0.046, 0.046, 0, -0.1, 0],
        [0.1, 0.046, 0.023, 0.02, -0.08, -0.605, 0],
        [0.1, 0.023, 0.023, 0.02, 0, -0.606, 0],
        [0.1, 0.023, 0.046, 0.02, 0.06, -0.605, 0],
    ];

    /// <summary>How much of the half field of view the normalised unit spans, leaving a margin inside the reconstruction circle.</summary>
    private const double FillFraction = 0.95;

    public static Phantom SheppLogan(double halfWidthMm, double maxLineIntegral)
    {
        double s = FillFraction * halfWidthMm;
        Ellipsoid[] ellipsoids =
        [
            .. SheppLoganTable.Select(r => new Ellipsoid(new Vector3D(r[4] * s, r[5] * s, 0), new Vector3D(r[1] * s, r[2] * s, r[3] * s), r[6], 0, r[0])),
        ];
        return Normalise(new Phantom("modified 3D Shepp-Logan", ellipsoids), halfWidthMm, maxLineIntegral);
    }

    /// <summary>
    /// Cathode-like particles in a light binder: a binder cylinder-like ellipsoid (relative μ 0.1) holding non-overlapping
    /// particles (relative μ 1.0, radii 6–14 % of the field), every third one split by one or two thin cracks that lie wholly
    /// inside it and cancel its attenuation. Placement is drawn from <paramref name="seed"/>, so the phantom is reproducible.
    /// </summary>
    public static Phantom Battery(double halfWidthMm, double maxLineIntegral, int seed)
    {
        double s = FillFraction * halfWidthMm;
        var random = new Random(seed);
        var ellipsoids = new List<Ellipsoid> { new(new Vector3D(0, 0, 0), new Vector3D(0.85 * s, 0.85 * s, 0.9 * s), 0, 0, 0.1) };
        var placed = new List<(Vector3D Center, double Radius)>();
        for (int attempt = 0; attempt < 2000 && placed.Count < 14; attempt++)
        {
            double radius = (0.06 + (0.08 * random.NextDouble())) * s;
            var center = new Vector3D(Uniform(random, 0.7 * s), Uniform(random, 0.7 * s), Uniform(random, 0.6 * s));
            bool insideBinder = (center.X * center.X) + (center.Y * center.Y) <= Math.Pow((0.8 * s) - radius, 2);
            if (!insideBinder || placed.Any(p => (p.Center - center).Length < p.Radius + radius + (0.01 * s)))
            {
                continue;
            }

            placed.Add((center, radius));
            ellipsoids.Add(new Ellipsoid(center, new Vector3D(radius, radius, radius), 0, 0, 1.0));
            if (placed.Count % 3 == 0)
            {
                AddCracks(ellipsoids, random, center, radius, cracks: 1 + random.Next(2));
            }
        }

        return Normalise(new Phantom("battery particles in binder", ellipsoids), halfWidthMm, maxLineIntegral);
    }

    /// <summary>A crack is a thin ellipsoid of −1 (cancelling the particle) whose semi-axes are at most 0.7 of the particle radius, so it stays inside.</summary>
    private static void AddCracks(List<Ellipsoid> ellipsoids, Random random, Vector3D center, double radius, int cracks)
    {
        for (int i = 0; i < cracks; i++)
        {
            ellipsoids.Add(new Ellipsoid(center, new Vector3D(0.7 * radius, 0.06 * radius, 0.7 * radius), random.NextDouble() * 180, random.NextDouble() * 90, -1.0));
        }
    }

    private static double Uniform(Random random, double halfRange) => ((2 * random.NextDouble()) - 1) * halfRange;

    /// <summary>Scales the relative coefficients to 1/mm so that the largest central-slice line integral over four view angles is <paramref name="maxLineIntegral"/>.</summary>
    private static Phantom Normalise(Phantom relative, double halfWidthMm, double maxLineIntegral)
    {
        const int Samples = 512;
        double largest = 0;
        foreach (double angleDeg in (double[])[0, 45, 90, 135])
        {
            (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
            for (int i = 0; i < Samples; i++)
            {
                double t = ((((i + 0.5) / Samples) * 2) - 1) * halfWidthMm;
                largest = Math.Max(largest, relative.LineIntegral(new Vector3D(t * cos, t * sin, 0), new Vector3D(-sin, cos, 0)));
            }
        }

        return relative.Scaled(maxLineIntegral / largest);
    }
}
