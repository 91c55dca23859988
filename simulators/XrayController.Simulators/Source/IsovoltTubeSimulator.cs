using XrayController.Core.Instruments;
using XrayController.Protocols.Isovolt;
using XrayController.Simulators.Transport;

namespace XrayController.Simulators.Source;

/// <summary>
/// A laboratory X-ray tube controller speaking the ISOVOLT-style subset of <c>isovolt-tube.md</c>: set points in volts and
/// microamperes checked against the tube, high voltage refused while the hutch interlock is open and dropped when it
/// opens (the controller's own interlock input), a warm-up of the profile's length the first time a cold tube is switched
/// on (the voltage ramps to its set point), and errors kept for <c>ER</c>, which reads and clears them. Replies end with CR.
/// </summary>
public sealed class IsovoltTubeSimulator : ILineProtocolFactory
{
    public const string Identity = "ISOVOLT TITAN 160 M2/0.4 (simulated)";

    private readonly SourceProfile _tube;
    private readonly TimeProvider _time;
    private readonly Func<bool> _interlockClosed;
    private readonly Lock _gate = new();
    private int _voltageV;
    private int _currentUa;
    private bool _on;
    private long? _warmUpStart;
    private bool _warm;
    private int _error;

    public IsovoltTubeSimulator(SourceProfile tube, TimeProvider time, Func<bool> interlockClosed)
    {
        ArgumentNullException.ThrowIfNull(tube);
        ArgumentNullException.ThrowIfNull(time);
        _tube = tube;
        _time = time;
        _interlockClosed = interlockClosed;
    }

    public LinkFaults Faults { get; } = new();

    /// <summary>Whether the tube emits at its set point at this clock reading (on, interlock closed, warmed up).</summary>
    public bool EmittingAt(long timestamp)
    {
        lock (_gate)
        {
            Refresh(timestamp);
            return _on && _warm;
        }
    }

    ILineProtocol ILineProtocolFactory.CreateSession() => new Session(this);

    private string? Handle(string command)
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            Refresh(now);
            switch (command.Trim())
            {
                case IsovoltCommands.Identify:
                    return Identity + "\r";
                case IsovoltCommands.ActualVoltage:
                    return IsovoltCommands.Reply(IsovoltCommands.ActualVoltage, _on ? (int)Math.Round(_voltageV * WarmFraction(now)) : 0) + "\r";
                case IsovoltCommands.ActualCurrent:
                    return IsovoltCommands.Reply(IsovoltCommands.ActualCurrent, _on ? (int)Math.Round(_currentUa * WarmFraction(now)) : 0) + "\r";
                case IsovoltCommands.Error:
                    int error = _error;
                    _error = IsovoltStates.NoError;
                    return IsovoltCommands.Reply(IsovoltCommands.Error, error) + "\r";
                case IsovoltCommands.TubeStatus:
                    return IsovoltCommands.Reply(IsovoltCommands.TubeStatus, State()) + "\r";
                default:
                    Set(command.Trim(), now);
                    return null;
            }
        }
    }

    private void Set(string command, long now)
    {
        switch (IsovoltCommands.ParseSet(command))
        {
            case ("SV", int volts):
                Accept(volts >= _tube.MinKv * 1000 && volts <= _tube.MaxKv * 1000, () => _voltageV = volts);
                break;
            case ("SC", int microamperes):
                Accept(microamperes <= _tube.MaxUa, () => _currentUa = microamperes);
                break;
            case ("HV", 1):
                if (!_interlockClosed())
                {
                    _error = IsovoltStates.ErrorInterlock;
                    break;
                }

                _on = true;
                _warmUpStart ??= now;
                break;
            case ("HV", 0):
                _on = false;
                break;
            default:
                _error = IsovoltStates.ErrorUnknownCommand;
                break;
        }
    }

    private void Accept(bool inRange, Action apply)
    {
        if (inRange)
        {
            apply();
        }
        else
        {
            _error = IsovoltStates.ErrorOutOfRange;
        }
    }

    /// <summary>The controller's own interlock drops high voltage; a finished warm-up leaves the tube warm.</summary>
    private void Refresh(long now)
    {
        if (_on && !_interlockClosed())
        {
            _on = false;
            _error = IsovoltStates.ErrorInterlock;
        }

        if (_on && !_warm && WarmFraction(now) >= 1)
        {
            _warm = true;
        }
    }

    private double WarmFraction(long now) =>
        _warm || _tube.WarmUpS <= 0 ? 1 : Math.Min(1, _time.GetElapsedTime(_warmUpStart ?? now, now).TotalSeconds / _tube.WarmUpS);

    private int State() =>
        !_interlockClosed() ? IsovoltStates.InterlockOpen
        : !_on ? IsovoltStates.Off
        : _warm ? IsovoltStates.Ready
        : IsovoltStates.WarmingUp;

    private sealed class Session(IsovoltTubeSimulator device) : ILineProtocol
    {
        public bool IsSingleByteCommand(byte value) => false;

        public string? Handle(string command) => device.Handle(command);
    }
}
