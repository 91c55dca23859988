namespace XrayController.Simulators.Physics.Spectral;

/// <summary>
/// A material with a Ni K edge: μ(E; e) = ρ · (smooth(E) + w_Ni · K(E) · S(E − e)), where S(x) = ½ + atan(2x / Γ) / π is the
/// edge step broadened to a width Γ (an arctangent: the integral of a Lorentzian, as core-hole lifetime broadening
/// gives), placed at the edge energy e, which is where the step reaches half height. No white line or fine structure:
/// the edge energy is then exactly the half-height energy the analysis measures.
/// </summary>
/// <param name="DensityGPerCm3">Mass density.</param>
/// <param name="Nmc">True for NMC532, false for Ni metal (a reference foil).</param>
/// <param name="EdgeWidthEv">Γ: the Ni 1s core-hole width (1.44 eV, Krause and Oliver 1979) with a Si(111) monochromator's
/// resolution (ΔE/E ≈ 1.3·10⁻⁴, about 1.1 eV) makes about 2.5 eV (chosen).</param>
public sealed record EdgeMaterial(double DensityGPerCm3, bool Nmc, double EdgeWidthEv = 2.5)
{
    /// <summary>NMC532 particles: 4.7 g/cm³ (near the crystal density 4.77, with a little porosity; chosen).</summary>
    public static EdgeMaterial Nmc532 { get; } = new(4.7, Nmc: true);

    /// <summary>Ni metal, 8.908 g/cm³.</summary>
    public static EdgeMaterial NickelFoil { get; } = new(8.908, Nmc: false);

    public double NiFraction => Nmc ? NiKEdgeTable.Shared.NiMassFractionOfNmc : 1;

    /// <summary>The edge-free part of μ, in 1/mm (0.1 converts 1/cm).</summary>
    public double SmoothPerMm(double energyEv) =>
        0.1 * DensityGPerCm3 * (Nmc ? NiKEdgeTable.Shared.NmcSmooth(energyEv) : NiKEdgeTable.Shared.NiSmooth(energyEv));

    /// <summary>The full height of the edge at this energy, in 1/mm: multiply by the step S to get the edge's share of μ.</summary>
    public double EdgePerMm(double energyEv) => 0.1 * DensityGPerCm3 * NiFraction * NiKEdgeTable.Shared.NiKShell(energyEv);

    public double Step(double energyEv, double edgeEv) => 0.5 + (Math.Atan((energyEv - edgeEv) / (EdgeWidthEv / 2)) / Math.PI);

    public double AttenuationPerMm(double energyEv, double edgeEv) => SmoothPerMm(energyEv) + (EdgePerMm(energyEv) * Step(energyEv, edgeEv));

    /// <summary>
    /// ∫ S(E − e(s)) ds over [s0, s1] when the edge energy varies linearly along the path, e(s) = e0 + slope · s: with
    /// u = (E − e) / h, ∫ atan u ds = −(h / slope) [F(u)] where F(u) = u atan u − ½ ln(1 + u²). A nearly constant edge
    /// takes the midpoint instead, which is exact in that limit and avoids the cancellation.
    /// </summary>
    public double StepIntegral(double energyEv, double edgeAtS0Ev, double slopeEvPerMm, double s0, double s1)
    {
        double h = EdgeWidthEv / 2;
        double length = s1 - s0;
        double u0 = (energyEv - edgeAtS0Ev) / h;
        double u1 = (energyEv - edgeAtS0Ev - (slopeEvPerMm * length)) / h;
        if (Math.Abs(u1 - u0) < 1e-4)
        {
            return length * (0.5 + (Math.Atan((u0 + u1) / 2) / Math.PI));
        }

        double integralOfAtan = -(h / slopeEvPerMm) * (F(u1) - F(u0));
        return (0.5 * length) + (integralOfAtan / Math.PI);
    }

    private static double F(double u) => (u * Math.Atan(u)) - (0.5 * Math.Log(1 + (u * u)));
}
