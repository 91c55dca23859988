using XrayController.Core.Optics;

namespace XrayController.Storage.Reading;

/// <summary>
/// A holotomography scan's geometry as its file records it (<c>/measurement/instrument/geometry</c>): the
/// focus-to-sample distance of each distance index, the focus-to-detector distance, and the detector pixel in stored
/// pixels (binned, divided by any optical magnification); the rest follows by Fresnel scaling.
/// </summary>
public sealed record HolographyGeometry(IReadOnlyList<double> DistancesMm, double FocusToDetectorMm, double DetectorPixelMm)
{
    public double Magnification(int index) => FresnelScaling.Magnification(DistancesMm[index], FocusToDetectorMm);

    public double EffectiveDistanceMm(int index) => FresnelScaling.EffectiveDistanceMm(DistancesMm[index], FocusToDetectorMm);

    public double PixelAtSampleMm(int index) => DetectorPixelMm / Magnification(index);
}
