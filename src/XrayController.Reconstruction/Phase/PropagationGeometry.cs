using System.Globalization;

namespace XrayController.Reconstruction.Phase;

/// <summary>
/// The holograms of one projection angle as a plane wave would make them (Fresnel scaling: a cone-beam hologram at
/// focus-to-sample z1 and focus-to-detector z1 + z2 is the plane-wave one at z1·z2 / (z1 + z2), magnified by
/// (z1 + z2) / z1): the photon energy, the pixel at the sample on the common grid, and each image's effective
/// propagation distance.
/// </summary>
public sealed record PropagationGeometry
{
    /// <summary>hc in eV·mm.</summary>
    private const double PlanckTimesLightEvMm = 12398.419843e-7;

    public PropagationGeometry(double energyEv, double pixelSizeMm, IReadOnlyList<double> effectiveDistancesMm)
    {
        ArgumentNullException.ThrowIfNull(effectiveDistancesMm);
        if (!double.IsFinite(energyEv) || energyEv <= 0)
        {
            throw new ArgumentException(Invariant($"the photon energy {energyEv} eV must be a positive number"), nameof(energyEv));
        }

        if (!double.IsFinite(pixelSizeMm) || pixelSizeMm <= 0)
        {
            throw new ArgumentException(Invariant($"the pixel size {pixelSizeMm} mm must be a positive number"), nameof(pixelSizeMm));
        }

        if (effectiveDistancesMm.Count == 0)
        {
            throw new ArgumentException("phase retrieval needs at least one propagation distance", nameof(effectiveDistancesMm));
        }

        for (int i = 0; i < effectiveDistancesMm.Count; i++)
        {
            double z = effectiveDistancesMm[i];
            if (!double.IsFinite(z) || z <= 0)
            {
                throw new ArgumentException(Invariant($"propagation distance {i} is {z} mm; it must be a positive number"), nameof(effectiveDistancesMm));
            }

            for (int j = 0; j < i; j++)
            {
                if (Math.Abs(effectiveDistancesMm[j] - z) <= 1e-9 * z)
                {
                    throw new ArgumentException(Invariant($"propagation distances {j} and {i} are both {z:G6} mm; the distances must be distinct"), nameof(effectiveDistancesMm));
                }
            }
        }

        EnergyEv = energyEv;
        PixelSizeMm = pixelSizeMm;
        EffectiveDistancesMm = [.. effectiveDistancesMm];
    }

    public double EnergyEv { get; }

    public double PixelSizeMm { get; }

    public IReadOnlyList<double> EffectiveDistancesMm { get; }

    public double WavelengthMm => PlanckTimesLightEvMm / EnergyEv;

    /// <summary>The wave number 2π/λ, per mm.</summary>
    public double WaveNumberPerMm => 2 * Math.PI / WavelengthMm;

    /// <summary>The Fresnel number p² / (λ z) of distance <paramref name="index"/>.</summary>
    public double FresnelNumber(int index) => PixelSizeMm * PixelSizeMm / (WavelengthMm * EffectiveDistancesMm[index]);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
