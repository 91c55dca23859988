namespace XrayController.Core.Devices;

/// <summary>A laboratory X-ray tube.</summary>
public interface IXraySource
{
    Task SetOperatingPointAsync(double voltageKv, double currentUa, CancellationToken cancellationToken);

    Task SetBeamOnAsync(bool on, CancellationToken cancellationToken);
}
