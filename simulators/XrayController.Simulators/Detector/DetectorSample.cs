namespace XrayController.Simulators.Detector;

/// <summary>What the detector sees at an instant: stage angle, sample displacement, and whether the beam reaches it.</summary>
public readonly record struct DetectorSample(double AngleDeg, double ShiftXMm, double ShiftZMm, bool BeamOpen);
