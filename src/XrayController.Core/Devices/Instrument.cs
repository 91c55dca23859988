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
    /// <summary>The beam monitor, or null.</summary>
    public IBeamMonitor? BeamMonitor { get; init; }
}
