using XrayController.Core.Devices;
using XrayController.Devices.Gcs;

namespace XrayController.Devices.LinearAxis;

/// <summary>A linear stage (sample x/y/z, propagation distance, zone plate) on a PI GCS controller; positions in mm.</summary>
public sealed class GcsLinearAxis(GcsAxis axis) : ILinearAxis, IAsyncDisposable
{
    public string Name => axis.Options.Name;

    public Task MoveToAsync(double positionMm, CancellationToken cancellationToken) => axis.MoveToAsync(positionMm, cancellationToken);

    public Task<double> GetPositionAsync(CancellationToken cancellationToken) => axis.GetPositionAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => axis.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => axis.DisposeAsync();
}
