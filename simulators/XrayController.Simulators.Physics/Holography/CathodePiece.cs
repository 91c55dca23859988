using XrayController.Simulators.Physics.Spectral;

namespace XrayController.Simulators.Physics.Holography;

/// <summary>What fills a point of the cathode piece.</summary>
public enum CathodePhase
{
    Void,
    Matrix,
    Nmc,
    Aluminium,
}

/// <summary>
/// A piece of a delaminated cathode cut as a vertical pillar of radius <c>RadiusMm</c> about the rotation axis: an
/// aluminium current-collector foil from <c>BottomMm</c> to <c>FoilTopMm</c>, the composite above it up to
/// <c>TopMm</c> (NMC532 secondary particles of clipped spherical grains, some cracked, in a porous carbon/binder
/// matrix), and on the side x ≥ 0 a delamination gap of <c>GapMm</c> between the foil and the composite. Projections
/// are exact chords: pillar, foil and gap analytically, particles grain by grain.
/// </summary>
public sealed class CathodePiece(double radiusMm, double bottomMm, double foilTopMm, double gapMm, double topMm, IReadOnlyList<XanesParticle> particles, IReadOnlyList<XanesGrain> grains) : IPhaseSample
{
    public const string NmcMaterial = "nmc532";
    public const string MatrixMaterial = "carbon_binder";
    public const string FoilMaterial = "aluminium";

    public string Name => "delaminated NMC532 cathode piece on aluminium foil";

    public double RadiusMm { get; } = radiusMm;

    public double BottomMm { get; } = bottomMm;

    public double FoilTopMm { get; } = foilTopMm;

    public double GapMm { get; } = gapMm;

    public double TopMm { get; } = topMm;

    public IReadOnlyList<XanesParticle> Particles { get; } = particles;

    public IReadOnlyList<XanesGrain> Grains { get; } = grains;

    public void ProjectRow(ParallelBeamGeometry geometry, double angleDeg, int row, double energyEv, Span<double> delta, Span<double> beta)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        delta.Clear();
        beta.Clear();
        double z = geometry.HeightZ(row);
        if (z < BottomMm || z > TopMm)
        {
            return;
        }

        RefractiveIndexTable table = RefractiveIndexTable.Shared;
        RefractiveIndex nmc = table.Of(NmcMaterial, energyEv);
        RefractiveIndex matrix = table.Of(MatrixMaterial, energyEv);
        RefractiveIndex foil = table.Of(FoilMaterial, energyEv);
        var nmcPath = new double[delta.Length];
        if (z > FoilTopMm)
        {
            GrainRays.Visit(Grains, geometry, angleDeg, row, nmcPath.Length, chord => nmcPath[chord.Column] += chord.S1 - chord.S0);
        }

        (double sin, double cos) = Math.SinCos(angleDeg * Math.PI / 180);
        for (int column = 0; column < delta.Length; column++)
        {
            double t = geometry.DetectorT(column);
            if (Math.Abs(t) >= RadiusMm)
            {
                continue;
            }

            double half = Math.Sqrt((RadiusMm * RadiusMm) - (t * t));
            if (z <= FoilTopMm)
            {
                delta[column] = foil.Delta * 2 * half;
                beta[column] = foil.Beta * 2 * half;
                continue;
            }

            double composite = z >= FoilTopMm + GapMm ? 2 * half : AdheredChord(t * cos, -sin, half);
            double matrixPath = Math.Max(0, composite - nmcPath[column]);
            delta[column] = (nmc.Delta * nmcPath[column]) + (matrix.Delta * matrixPath);
            beta[column] = (nmc.Beta * nmcPath[column]) + (matrix.Beta * matrixPath);
        }
    }

    public double DeltaAt(Vector3D point, double energyEv) => PhaseAt(point) switch
    {
        CathodePhase.Nmc => RefractiveIndexTable.Shared.Of(NmcMaterial, energyEv).Delta,
        CathodePhase.Matrix => RefractiveIndexTable.Shared.Of(MatrixMaterial, energyEv).Delta,
        CathodePhase.Aluminium => RefractiveIndexTable.Shared.Of(FoilMaterial, energyEv).Delta,
        _ => 0,
    };

    public CathodePhase PhaseAt(Vector3D point)
    {
        if ((point.X * point.X) + (point.Y * point.Y) >= RadiusMm * RadiusMm || point.Z < BottomMm || point.Z > TopMm)
        {
            return CathodePhase.Void;
        }

        if (point.Z <= FoilTopMm)
        {
            return CathodePhase.Aluminium;
        }

        if (point.Z < FoilTopMm + GapMm && point.X >= 0)
        {
            return CathodePhase.Void;
        }

        return ParticleAt(point) is null ? CathodePhase.Matrix : CathodePhase.Nmc;
    }

    /// <summary>The particle whose grains hold the point, or null in the matrix, the cracks and outside.</summary>
    public XanesParticle? ParticleAt(Vector3D point)
    {
        foreach (XanesParticle particle in Particles)
        {
            if ((point - particle.Center).Length <= 1.2 * particle.RadiusMm)
            {
                foreach (XanesGrain grain in Grains)
                {
                    if (grain.Particle == particle.Id && grain.Contains(point))
                    {
                        return particle;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The length of the chord s ∈ [−half, half] (x(s) = x0 + s·dx) where x ≤ 0: the part of the pillar's chord on the
    /// side where the composite still sits on the foil.
    /// </summary>
    private static double AdheredChord(double x0, double dx, double half)
    {
        if (Math.Abs(dx) < 1e-15)
        {
            return x0 <= 0 ? 2 * half : 0;
        }

        double crossing = -x0 / dx;
        double s0 = dx > 0 ? -half : Math.Max(-half, crossing);
        double s1 = dx > 0 ? Math.Min(half, crossing) : half;
        return Math.Max(0, s1 - s0);
    }
}
