using XrayController.Core.Devices;
using XrayController.Core.Timing;

namespace XrayController.Simulators.InProcess;

/// <summary>A beam shutter that takes its actuation time to change state.</summary>
internal sealed class InProcessShutter(double actuationS, TimeProvider time) : IShutter
{
    private volatile bool _open;

    public bool IsOpen => _open;

    public async Task SetOpenAsync(bool open, CancellationToken cancellationToken)
    {
        await time.DelayAsync(TimeSpan.FromSeconds(actuationS), cancellationToken).ConfigureAwait(false);
        _open = open;
    }

    public Task<bool> IsOpenAsync(CancellationToken cancellationToken) => Task.FromResult(_open);
}
