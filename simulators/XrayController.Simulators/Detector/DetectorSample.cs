namespace XrayController.Simulators.Detector;

/// <summary>
/// What the detector sees during an exposure: the stage angle at mid-exposure and the arc it turns during the exposure
/// (0 when still), the sample displacement, whether the beam reaches it, and the magnification relative to the
/// profile's (1 unless a zone plate refocused for another energy), the photon energy (NaN without a monochromator), and
/// the line integral of a reference foil in the beam (0 when out), the flat panel's lateral offset, and the centring
/// stages' positions (the sample's point on the rotation axis, in its own frame).
/// </summary>
public readonly record struct DetectorSample(double AngleDeg, double ShiftXMm, double ShiftZMm, bool BeamOpen, double ArcDeg = 0, double MagnificationScale = 1, double EnergyEv = double.NaN, double FoilLineIntegral = 0, double FocusToSampleMm = double.NaN, double DetectorShiftMm = 0, double CentringXMm = 0, double CentringYMm = 0);
