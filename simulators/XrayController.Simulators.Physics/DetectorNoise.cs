namespace XrayController.Simulators.Physics;

/// <summary>
/// How the simulated detector turns photons into counts: the mean dark offset, Gaussian read noise, the relative
/// amplitude of the flat field's non-uniformity, the largest count it can store (2^bits − 1), the dark current (counts
/// per second of exposure, a CCD's thermal signal) and the gain (detected photons, i.e. photo-electrons, per count).
/// </summary>
public sealed record DetectorNoise(
    double DarkCounts,
    double ReadNoiseCounts,
    double FlatNonUniformity,
    int MaxCount,
    double DarkCurrentPerS = 0,
    double ElectronsPerCount = 1);
