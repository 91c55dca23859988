namespace XrayController.Core.Optics;

/// <summary>Energy ↔ Bragg angle of a double-crystal monochromator: λ = hc / E, θ = asin(λ / 2d).</summary>
public static class BraggMonochromator
{
    public const string Si111 = "Si(111)";

    /// <summary>hc in eV·Å (CODATA 2018).</summary>
    public const double HcEvAngstrom = 12398.419843;

    /// <summary>Lattice-plane spacings in Å. Si(111): 3.1356012 Å (CODATA 2018 Si lattice constant 5.431020511 Å / √3).</summary>
    public static IReadOnlyDictionary<string, double> DSpacingsAngstrom { get; } = new Dictionary<string, double>
    {
        [Si111] = 3.1356012,
        ["Si(311)"] = 1.6375142,
    };

    public static double WavelengthAngstrom(double energyEv) => HcEvAngstrom / energyEv;

    /// <summary>The energy a Bragg angle selects: E = hc / (2d sin θ).</summary>
    public static double EnergyEv(double braggAngleDeg, double dSpacingAngstrom) =>
        HcEvAngstrom / (2 * dSpacingAngstrom * Math.Sin(braggAngleDeg * Math.PI / 180.0));

    /// <summary>The Bragg angle in degrees, or NaN where the energy is below the crystal's cut-off (λ &gt; 2d).</summary>
    public static double BraggAngleDeg(double energyEv, double dSpacingAngstrom)
    {
        double sine = WavelengthAngstrom(energyEv) / (2 * dSpacingAngstrom);
        return sine is > 0 and <= 1 ? Math.Asin(sine) * 180.0 / Math.PI : double.NaN;
    }
}
