using XrayController.Core.Devices;
using XrayController.Simulators.BeamMonitor;

namespace XrayController.Simulators.InProcess;

/// <summary>
/// The beam monitor of the in-process simulated instrument: the beam's current now. Reads take no simulated time here
/// (the engine reads during exposures, where a real picoammeter's round trip is hidden).
/// </summary>
internal sealed class InProcessBeamMonitor(SimulatedBeam beam, TimeProvider time) : IBeamMonitor
{
    public Task<double> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(beam.CurrentAt(time.GetTimestamp()));
    }
}
