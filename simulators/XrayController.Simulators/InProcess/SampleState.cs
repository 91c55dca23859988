namespace XrayController.Simulators.InProcess;

/// <summary>What the detector sees at the start of an exposure: stage angle, sample displacement, beam, photon energy (NaN without a monochromator).</summary>
internal readonly record struct SampleState(double AngleDeg, double ShiftXMm, double ShiftZMm, bool BeamOpen, double EnergyEv = double.NaN);
