namespace XrayController.Core.Devices;

/// <summary>A double-crystal monochromator driven by energy (the driver converts to the Bragg angle).</summary>
public interface IMonochromator
{
    Task SetEnergyAsync(double energyEv, CancellationToken cancellationToken);

    Task<double> GetEnergyAsync(CancellationToken cancellationToken);
}
