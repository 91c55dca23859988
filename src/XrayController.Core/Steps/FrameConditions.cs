using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Plans;

namespace XrayController.Core.Steps;

/// <summary>
/// What the frames are taken under as the plan's axes move, and their numbering: the next frame's sequence number,
/// rotation angle, energy, distance and tile, and the magnification and propagation distance these imply.
/// </summary>
internal sealed class FrameConditions(Plan plan, InstrumentProfile profile, ScanAxisValues values)
{
    private long _seq;

    public double AngleDeg { get; set; } = double.NaN;

    public double EnergyEv { get; set; } = plan.Energy?.FixedEv ?? double.NaN;

    public int DistanceIndex { get; set; }

    public int TileIndex { get; set; }

    /// <summary>The next frame, of <paramref name="kind"/>, at <paramref name="angleDeg"/> under the current conditions.</summary>
    public FrameInfo Next(FrameKind kind, double angleDeg) => new(_seq++, kind, angleDeg, EnergyEv, DistanceIndex, TileIndex, Magnification(), PropagationDistanceMm());

    /// <summary>
    /// With a zone plate, the profile's magnification holds at the monochromator's initial energy and scales with the
    /// zone plate's; in holotomography it is the Fresnel magnification of the current distance (times any optical one).
    /// </summary>
    private double Magnification()
    {
        if (profile.Monochromator?.ZonePlate is { } plate && !double.IsNaN(EnergyEv))
        {
            return profile.Geometry.OpticalMagnification * plate.Magnification(EnergyEv) / plate.Magnification(profile.Monochromator.InitialEv);
        }

        return values.DistancesMm.Count > 0 && profile.Geometry.SourceToDetectorMm is { } focusToDetector
            ? profile.Geometry.OpticalMagnification * FresnelScaling.Magnification(values.DistancesMm[DistanceIndex], focusToDetector)
            : double.NaN;
    }

    private double PropagationDistanceMm() => values.DistancesMm.Count > 0 && profile.Geometry.SourceToDetectorMm is { } focusToDetector
        ? FresnelScaling.EffectiveDistanceMm(values.DistancesMm[DistanceIndex], focusToDetector)
        : double.NaN;
}
