namespace XrayController.Core.Optics;

/// <summary>
/// A reference foil for energy calibration (Ni for the Ni K edge): on linear axis <see cref="Axis"/>, in the beam at
/// <see cref="InMm"/> and out of it at <see cref="OutMm"/>; its tabulated edge (maximum of the derivative) is
/// <see cref="EdgeEv"/>, 8333.0 eV for Ni metal (INSTRUMENTS §4).
/// </summary>
public sealed record ReferenceFoil(string Axis, double InMm, double OutMm, double EdgeEv, double ThicknessUm);
