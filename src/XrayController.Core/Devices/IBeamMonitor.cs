namespace XrayController.Core.Devices;

/// <summary>
/// A beam-intensity monitor read as a current: an ion chamber's I0 on a picoammeter, or the storage ring's current.
/// Beam-loss suspenders watch it and every frame records it for normalisation.
/// </summary>
public interface IBeamMonitor
{
    /// <summary>One reading, in amperes.</summary>
    Task<double> ReadCurrentAsync(CancellationToken cancellationToken);
}
