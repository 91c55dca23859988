namespace XrayController.Simulators.Stage;

/// <summary>
/// One pulse of the stage's position-synchronised output: its number since the PSO was armed, the encoder position at
/// which it fired, its on-time, and the clock reading at which it fired.
/// </summary>
public readonly record struct PsoPulse(long Index, double PositionDeg, double OnTimeS, long Timestamp);
