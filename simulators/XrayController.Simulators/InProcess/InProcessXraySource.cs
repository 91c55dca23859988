using XrayController.Core.Devices;
using XrayController.Core.Instruments;

namespace XrayController.Simulators.InProcess;

/// <summary>A laboratory tube that accepts operating points within its limits (warm-up and interlocks come with the safety work).</summary>
internal sealed class InProcessXraySource(SourceProfile profile) : IXraySource
{
    public double VoltageKv { get; private set; }

    public double CurrentUa { get; private set; }

    public bool BeamOn { get; private set; }

    public Task SetOperatingPointAsync(double voltageKv, double currentUa, CancellationToken cancellationToken)
    {
        if (voltageKv < profile.MinKv || voltageKv > profile.MaxKv || currentUa > profile.MaxUa || voltageKv * currentUa / 1000 > profile.MaxPowerW)
        {
            throw new ArgumentOutOfRangeException(nameof(voltageKv), $"{voltageKv} kV, {currentUa} µA is outside the tube's limits");
        }

        VoltageKv = voltageKv;
        CurrentUa = currentUa;
        return Task.CompletedTask;
    }

    public Task SetBeamOnAsync(bool on, CancellationToken cancellationToken)
    {
        BeamOn = on;
        return Task.CompletedTask;
    }
}
