using System.Device.Gpio;

namespace XrayController.Simulators.Gpio;

/// <summary>A shutter as the board sees it: its command output and its open and closed switch inputs, and how long it takes to move.</summary>
public sealed record ShutterWiring(string Name, int CommandPin, int OpenSwitchPin, int ClosedSwitchPin, double ActuationS);

/// <summary>One change on the board: an output written by the controller, or an input changed by the simulated hardware.</summary>
public readonly record struct PinChange(double TimeS, int Pin, bool High);

/// <summary>
/// A GPIO chip with the instrument's safety hardware on its pins, behind <see cref="GpioDriver"/> so that the real
/// <see cref="GpioController"/> drives it as it drives a board's chip. Shutters move after their actuation time: a high
/// command opens one (its closed switch drops at once, its open switch rises when it has moved), a low one closes it.
/// The hutch door's interlock input is high while the door is closed; <see cref="OpenDoor"/> and
/// <see cref="CloseDoor"/> change it and raise the pin's edge callbacks at once. Every output write and input change is
/// kept in <see cref="History"/> for the safety checks.
/// </summary>
public sealed class SimulatedGpioBoard : GpioDriver
{
    private const int Pins = 64;

    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly IReadOnlyList<ShutterWiring> _shutters;
    private readonly int _doorPin;
    private readonly Lock _gate = new();
    private readonly PinMode?[] _modes = new PinMode?[Pins];
    private readonly bool[] _outputs = new bool[Pins];
    private readonly long[] _outputSince = new long[Pins];
    private readonly List<PinChange> _history = [];
    private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Handler)>> _callbacks = [];
    private bool _doorClosed = true;

    public SimulatedGpioBoard(IReadOnlyList<ShutterWiring> shutters, int doorPin, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(shutters);
        ArgumentNullException.ThrowIfNull(time);
        _shutters = shutters;
        _doorPin = doorPin;
        _time = time;
        _start = time.GetTimestamp();
    }

    public IReadOnlyList<PinChange> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    public bool DoorClosed
    {
        get
        {
            lock (_gate)
            {
                return _doorClosed;
            }
        }
    }

    protected override int PinCount => Pins;

    /// <summary>Whether an output pin is driven high now.</summary>
    public bool OutputHigh(int pin)
    {
        lock (_gate)
        {
            return _outputs[pin];
        }
    }

    /// <summary>Whether a shutter lets the beam through at this clock reading: commanded open and done moving.</summary>
    public bool ShutterOpenAt(string name, long timestamp)
    {
        ShutterWiring shutter = _shutters.Single(s => s.Name == name);
        lock (_gate)
        {
            return _outputs[shutter.CommandPin] && _time.GetElapsedTime(_outputSince[shutter.CommandPin], timestamp).TotalSeconds >= shutter.ActuationS;
        }
    }

    /// <summary>
    /// Replays <see cref="History"/> and names every breach of the safety rules: a shutter commanded open while the door
    /// is open, the fast shutter open while the main one is closed, or a shutter still open once the instant in which the
    /// door opened is over (the interlock's reaction takes no simulated time).
    /// </summary>
    public IReadOnlyList<string> SafetyViolations(int mainCommandPin, int? fastCommandPin)
    {
        IReadOnlyList<PinChange> history = History;
        var violations = new List<string>();
        bool door = true, main = false, fast = false;
        for (int i = 0; i < history.Count; i++)
        {
            PinChange change = history[i];
            if (change.Pin == _doorPin)
            {
                door = change.High;
            }
            else if (change.Pin == mainCommandPin)
            {
                main = change.High;
                if (main && !door)
                {
                    violations.Add($"main shutter opened with the door open at {change.TimeS:F6} s");
                }
            }
            else if (change.Pin == fastCommandPin)
            {
                fast = change.High;
                if (fast && (!door || !main))
                {
                    violations.Add($"fast shutter opened with the door open or the main shutter closed at {change.TimeS:F6} s");
                }
            }

            bool instantOver = i == history.Count - 1 || history[i + 1].TimeS != change.TimeS;
            if (instantOver && !door && (main || fast))
            {
                violations.Add($"a shutter still open after the door opened at {change.TimeS:F6} s");
            }
        }

        return violations;
    }

    public void OpenDoor() => SetDoor(false);

    public void CloseDoor() => SetDoor(true);

    protected override void OpenPin(int pinNumber) => Check(pinNumber);

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            _modes[Check(pinNumber)] = null;
            _callbacks.Remove(pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            _modes[Check(pinNumber)] = mode;
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return _modes[Check(pinNumber)] ?? PinMode.Input;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            Check(pinNumber);
            if (pinNumber == _doorPin)
            {
                return _doorClosed;
            }

            long now = _time.GetTimestamp();
            foreach (ShutterWiring shutter in _shutters)
            {
                bool commandedOpen = _outputs[shutter.CommandPin];
                bool moved = _time.GetElapsedTime(_outputSince[shutter.CommandPin], now).TotalSeconds >= shutter.ActuationS;
                if (pinNumber == shutter.OpenSwitchPin)
                {
                    return commandedOpen && moved;
                }

                if (pinNumber == shutter.ClosedSwitchPin)
                {
                    return !commandedOpen && moved;
                }
            }

            return _outputs[pinNumber];
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            if (_modes[Check(pinNumber)] != PinMode.Output)
            {
                throw new InvalidOperationException($"GPIO {pinNumber} is not an output");
            }

            bool high = value == PinValue.High;
            if (_outputs[pinNumber] != high)
            {
                _outputs[pinNumber] = high;
                _outputSince[pinNumber] = _time.GetTimestamp();
                _history.Add(new PinChange(_time.GetElapsedTime(_start).TotalSeconds, pinNumber, high));
            }
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            if (!_callbacks.TryGetValue(Check(pinNumber), out List<(PinEventTypes, PinChangeEventHandler)>? handlers))
            {
                _callbacks[pinNumber] = handlers = [];
            }

            handlers.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            _callbacks.GetValueOrDefault(pinNumber)?.RemoveAll(c => c.Handler == callback);
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the simulated board raises edge callbacks; it does not block for events");

    private void SetDoor(bool closed)
    {
        (PinEventTypes Types, PinChangeEventHandler Handler)[] handlers;
        lock (_gate)
        {
            if (_doorClosed == closed)
            {
                return;
            }

            _doorClosed = closed;
            _history.Add(new PinChange(_time.GetElapsedTime(_start).TotalSeconds, _doorPin, closed));
            handlers = [.. _callbacks.GetValueOrDefault(_doorPin) ?? []];
        }

        PinEventTypes edge = closed ? PinEventTypes.Rising : PinEventTypes.Falling;
        foreach ((PinEventTypes types, PinChangeEventHandler handler) in handlers.Where(h => h.Types.HasFlag(edge)))
        {
            handler(this, new PinValueChangedEventArgs(edge, _doorPin));
        }
    }

    private static int Check(int pinNumber) =>
        pinNumber is >= 0 and < Pins ? pinNumber : throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"the board has GPIO 0 to {Pins - 1}");
}
