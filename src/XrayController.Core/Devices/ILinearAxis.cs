namespace XrayController.Core.Devices;

/// <summary>A linear axis (sample x/y/z, focus-to-sample distance, zone plate); positions in mm.</summary>
public interface ILinearAxis
{
    string Name { get; }

    Task MoveToAsync(double positionMm, CancellationToken cancellationToken);

    Task<double> GetPositionAsync(CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);
}
