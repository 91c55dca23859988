using XrayController.Core.Devices;
using XrayController.Core.Optics;
using XrayController.Devices.Gcs;

namespace XrayController.Devices.Monochromator;

/// <summary>
/// A double-crystal monochromator whose Bragg axis (degrees) is on a PI GCS controller: an energy is converted to the
/// Bragg angle of the crystal (θ = asin(hc / 2dE)) and back. The energy range is checked before anything moves.
/// </summary>
public sealed class GcsMonochromator(GcsAxis bragg, double dSpacingAngstrom, double minEv, double maxEv) : IMonochromator, IAsyncDisposable
{
    public Task SetEnergyAsync(double energyEv, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(energyEv) || energyEv < minEv || energyEv > maxEv)
        {
            throw new ArgumentOutOfRangeException(nameof(energyEv), energyEv, $"{bragg.Device}: {energyEv} eV is outside the monochromator's range {minEv} to {maxEv} eV");
        }

        return bragg.MoveToAsync(BraggMonochromator.BraggAngleDeg(energyEv, dSpacingAngstrom), cancellationToken);
    }

    public async Task<double> GetEnergyAsync(CancellationToken cancellationToken)
    {
        double thetaDeg = await bragg.GetPositionAsync(cancellationToken).ConfigureAwait(false);
        return BraggMonochromator.HcEvAngstrom / (2 * dSpacingAngstrom * Math.Sin(thetaDeg * Math.PI / 180));
    }

    public ValueTask DisposeAsync() => bragg.DisposeAsync();
}
