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

        double smooth = Material.SmoothPerMm(energyEv);
        double edge = Material.EdgePerMm(energyEv);
        lineIntegrals.Clear();
        double[] sums = new double[lineIntegrals.Length];
        GrainRays.Visit(Grains, geometry, angleDeg, row, sums.Length, chord =>
        {
            double slope = chord.Grain.EdgeGradientEvPerMm.Dot(chord.Direction);
            double edgeAtEntry = chord.Grain.EdgeAt(chord.Origin + (chord.S0 * chord.Direction));
            sums[chord.Column] += (smooth * (chord.S1 - chord.S0)) + (edge * Material.StepIntegral(energyEv, edgeAtEntry, slope, chord.S0, chord.S1));
        });
        sums.CopyTo(lineIntegrals);
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
}
