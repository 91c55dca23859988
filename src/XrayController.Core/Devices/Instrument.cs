namespace XrayController.Core.Devices;

/// <summary>The devices a scan drives, by capability, wired by the host from the instrument profile.</summary>
public sealed record Instrument(
    IRotationStage Rotation,
    IReadOnlyDictionary<string, ILinearAxis> Axes,
    IDetector Detector,
    IShutter Shutter,
    IMonochromator? Monochromator,
    IXraySource? Source)
{
    /// <summary>The personnel-safety lines (main and fast shutter, interlock, lamp), or null; with them, <see cref="Shutter"/> is their main shutter.</summary>
    public ISafetySystem? Safety { get; init; }

    /// <summary>The environment sensor near the sample, or null.</summary>
    public IEnvironmentSensor? Environment { get; init; }

    /// <summary>The beam monitor, or null.</summary>
    public IBeamMonitor? BeamMonitor { get; init; }
}
