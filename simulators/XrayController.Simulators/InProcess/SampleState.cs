namespace XrayController.Simulators.InProcess;

/// <summary>What the detector sees at the start of an exposure: stage angle, sample displacement, beam, photon energy (NaN without a monochromator), a reference foil's line integral (0 when out).</summary>
internal readonly record struct SampleState(double AngleDeg, double ShiftXMm, double ShiftZMm, bool BeamOpen, double EnergyEv = double.NaN, double FoilLineIntegral = 0, double FocusToSampleMm = double.NaN, double DetectorShiftMm = 0, double CentringXMm = 0, double CentringYMm = 0);
