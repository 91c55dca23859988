namespace XrayController.Simulators.Physics.Spectral;

/// <summary>
/// NMC secondary particles made of primary grains (see <see cref="NmcClusterBuilder"/>), each grain with its own Ni K-edge
/// energy varying linearly across it. Projections are exact: per ray and grain, the clipped chord times the edge-free
/// μ plus the edge's height times the integral of the broadened step along the chord (<see cref="EdgeMaterial.StepIntegral"/>).
/// </summary>
public sealed class XanesPhantom(IReadOnlyList<XanesParticle> particles, IReadOnlyList<XanesGrain> grains, EdgeMaterial material) : IProjectable
{
    public string Name => "NMC532 particles with primary grains (Ni K edge)";

    public IReadOnlyList<XanesParticle> Particles { get; } = particles;

    public IReadOnlyList<XanesGrain> Grains { get; } = grains;

    public EdgeMaterial Material { get; } = material;

    public void ProjectRow(ParallelBeamGeometry geometry, double angleDeg, int row, double energyEv, Span<double> lineIntegrals)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (!double.IsFinite(energyEv))
        {
            throw new ArgumentException("a XANES phantom is imaged at a defined photon energy; the profile needs a monochromator", nameof(energyEv));
        }

        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        var direction = new Vector3D(-sin, cos, 0);
        double z = geometry.HeightZ(row);
        double smooth = Material.SmoothPerMm(energyEv);
        double edge = Material.EdgePerMm(energyEv);
        lineIntegrals.Clear();
        foreach (XanesGrain grain in Grains)
        {
            if (Math.Abs(z - grain.Center.Z) >= grain.RadiusMm)
            {
                continue;
            }

            double centerT = (grain.Center.X * cos) + (grain.Center.Y * sin);
            int first = Math.Max(0, (int)Math.Floor(Column(geometry, centerT - grain.RadiusMm)));
            int last = Math.Min(lineIntegrals.Length - 1, (int)Math.Ceiling(Column(geometry, centerT + grain.RadiusMm)));
            double slope = grain.EdgeGradientEvPerMm.Dot(direction);
            for (int column = first; column <= last; column++)
            {
                double t = geometry.DetectorT(column);
                var origin = new Vector3D(t * cos, t * sin, z);
                (double s0, double s1) = grain.Chord(origin, direction);
                if (s1 > s0)
                {
                    double edgeAtEntry = grain.EdgeAt(origin + (s0 * direction));
                    lineIntegrals[column] += (smooth * (s1 - s0)) + (edge * Material.StepIntegral(energyEv, edgeAtEntry, slope, s0, s1));
                }
            }
        }
    }

    /// <summary>The grain at a point, or null in the pores, the cracks and outside the particles.</summary>
    public XanesGrain? GrainAt(Vector3D point)
    {
        foreach (XanesParticle particle in Particles)
        {
            if ((point - particle.Center).Length <= particle.RadiusMm * 1.5)
            {
                foreach (XanesGrain grain in Grains)
                {
                    if (grain.Particle == particle.Id && grain.Contains(point))
                    {
                        return grain;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The column whose ray lies at detector coordinate t (fractional; the inverse of <see cref="ParallelBeamGeometry.DetectorT"/>).</summary>
    private static double Column(ParallelBeamGeometry geometry, double t) => ((t + geometry.ShiftXMm) / geometry.PixelSizeMm) + geometry.AxisColumnPx;
}
