using XrayController.Core.Devices;
using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Timing;

namespace XrayController.Simulators.InProcess;

/// <summary>A double-crystal monochromator: an energy change is a trapezoidal move of the Bragg axis (its settle is a separate step).</summary>
internal sealed class InProcessMonochromator(MonochromatorProfile profile, TimeProvider time) : IMonochromator
{
    private readonly InProcessMotion _bragg = new(
        time,
        profile.BraggSpeedDegS,
        profile.BraggAccelerationDegS2,
        BraggMonochromator.BraggAngleDeg(profile.InitialEv, profile.DSpacingAngstrom),
        resolution: 1e-7);

    public Task SetEnergyAsync(double energyEv, CancellationToken cancellationToken)
    {
        if (energyEv < profile.MinEv || energyEv > profile.MaxEv)
        {
            throw new ArgumentOutOfRangeException(nameof(energyEv), energyEv, $"the monochromator covers {profile.MinEv} to {profile.MaxEv} eV");
        }

        return MoveAsync(BraggMonochromator.BraggAngleDeg(energyEv, profile.DSpacingAngstrom), cancellationToken);
    }

    private async Task MoveAsync(double braggDeg, CancellationToken cancellationToken)
    {
        await time.DelayAsync(TimeSpan.FromSeconds(CommandCounts.LinearMove * profile.CommandS), cancellationToken).ConfigureAwait(false);
        await _bragg.MoveToAsync(braggDeg, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The energy the Bragg axis selects now.</summary>
    public double EnergyEv => BraggMonochromator.EnergyEv(_bragg.Position, profile.DSpacingAngstrom);

    public Task<double> GetEnergyAsync(CancellationToken cancellationToken) => Task.FromResult(EnergyEv);
}
