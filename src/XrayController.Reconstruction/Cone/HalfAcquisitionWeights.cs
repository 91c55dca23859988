using XrayController.Core.Optics;

namespace XrayController.Reconstruction.Cone;

/// <summary>
/// Redundancy weights of a half-acquisition (Wang 2002, "X-ray micro-CT with a displaced detector array", Med. Phys.
/// 29: 1634): over a full turn, a ray at detector position u about the central ray is measured again half a turn later
/// at −u whenever both lie on the detector, that is within the overlap |u| ≤ Δ, Δ the nearer edge's distance. There
/// the weight rises smoothly as sin²(π/4 · (1 + u/Δ)), u counted towards the far side: from 0 at the near edge through
/// ½ at the central ray to 1 at the near edge's mirror image, so each pair sums to one; past the overlap, on the far
/// side, a ray is measured once and weighs 1, and past the near edge (the widened panel's unmeasured columns,
/// <see cref="ConeGeometry.AsHalfAcquisition"/>) it weighs 0. The ramp filter then sees no edge at the near side.
/// </summary>
public static class HalfAcquisitionWeights
{
    /// <summary>The weight of the ray at <paramref name="uMm"/> (detector mm from the central ray, positive along the columns).</summary>
    public static double Weight(double uMm, ConeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return HalfAcquisition.Weight(geometry.FarSideAfter ? uMm : -uMm, geometry.OverlapHalfWidthMm);
    }
}
