namespace XrayController.Core.Optics;

/// <summary>
/// Holotomography in a cone beam from a focus (INSTRUMENTS §4): with the sample z1 downstream of the focus and the
/// detector z1 + z2, the hologram is the plane-wave one at the effective distance z1·z2 / (z1 + z2), magnified by
/// (z1 + z2) / z1, so a detector pixel sees pixel / M of the sample.
/// </summary>
public static class FresnelScaling
{
    public static double Magnification(double focusToSampleMm, double focusToDetectorMm) => focusToDetectorMm / focusToSampleMm;

    public static double EffectiveDistanceMm(double focusToSampleMm, double focusToDetectorMm) =>
        focusToSampleMm * (focusToDetectorMm - focusToSampleMm) / focusToDetectorMm;
}
