namespace XrayController.Simulators.Physics;

/// <summary>
/// How the simulated detector turns photons into counts: the mean dark signal, Gaussian read noise, the relative
/// amplitude of the flat field's non-uniformity, and the largest count it can store (2^bits − 1).
/// </summary>
public sealed record DetectorNoise(double DarkCounts, double ReadNoiseCounts, double FlatNonUniformity, int MaxCount);
