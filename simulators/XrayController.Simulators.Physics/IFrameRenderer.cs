namespace XrayController.Simulators.Physics;

/// <summary>
/// Everything about the instrument that shapes one frame: the stage angle, how far the sample stage has moved the
/// sample across the beam and up, open-beam photons per unbinned pixel (0 with the beam off), binning, the frame's noise
/// seed, the exposure, the angle turned during it (fly scans), the magnification relative to the profile's (a refocused
/// zone plate), the photon energy (NaN without a monochromator), ∫μ ds of an absorber across the whole beam (a reference
/// foil), the focus-to-sample distance (holotomography; NaN without that axis), and how far the flat panel stands on its
/// lateral translation (a cone beam's detector offset, along the columns), and where the centring stages on the
/// rotation stage put the sample in its own frame (the point they name on the axis).
/// </summary>
public readonly record struct FrameConditions(
    double AngleDeg,
    double ShiftXMm,
    double ShiftZMm,
    double PhotonsPerPixel,
    int Binning,
    long FrameSeed,
    double ExposureS,
    double ArcDeg = 0,
    double MagnificationScale = 1,
    double EnergyEv = double.NaN,
    double UpstreamLineIntegral = 0,
    double FocusToSampleMm = double.NaN,
    double DetectorShiftMm = 0,
    double CentringXMm = 0,
    double CentringYMm = 0);

/// <summary>Renders detector frames of the simulated sample: in a parallel beam (absorption) or by Fresnel propagation (holotomography).</summary>
public interface IFrameRenderer
{
    ushort[] Render(FrameConditions conditions);
}
