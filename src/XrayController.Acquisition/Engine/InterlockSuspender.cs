using XrayController.Core.Devices;
using XrayController.Core.Instruments;

namespace XrayController.Acquisition.Engine;

/// <summary>
/// The interlock suspender: when the hutch door's interlock opens, the safety system has already closed the shutters
/// and turned the tube off; this suspends the scan (interrupting the step under way) and holds it, and new scans, until
/// the interlock has stayed closed for the hold time. It is checked before the first step and at every checkpoint too.
/// </summary>
internal sealed class InterlockSuspender : IDisposable
{
    public const string Name = "interlock";
    private const string Reason = "the hutch door interlock is open";

    private readonly ISafetySystem _safety;
    private readonly SuspenderProfile _settings;
    private readonly ScanControl _control;
    private readonly TimeProvider _time;

    public InterlockSuspender(ISafetySystem safety, SuspenderProfile settings, ScanControl control, TimeProvider time)
    {
        _safety = safety;
        _settings = settings;
        _control = control;
        _time = time;
        _safety.InterlockOpened += OnOpened;
    }

    public void Check()
    {
        if (!_safety.InterlockClosed)
        {
            _control.Suspend(Name, Reason);
        }
    }

    public Task WatchWhileSuspendedAsync(CancellationToken cancellationToken) => SuspensionWatch.UntilGoodAsync(
        _control,
        Name,
        _ => Task.FromResult(_safety.InterlockClosed),
        _settings.PollS,
        _settings.HoldS,
        _time,
        cancellationToken);

    public void Dispose() => _safety.InterlockOpened -= OnOpened;

    private void OnOpened() => _control.Suspend(Name, Reason);
}
