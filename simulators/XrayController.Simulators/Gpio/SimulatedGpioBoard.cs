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
/// checked against the safety rules as it happens (<see cref="SafetyViolations"/>) and kept in <see cref="History"/>.
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
    private readonly List<string> _violations = [];
    private readonly bool _keepHistory;
    private double _lastChangeS;
    private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Handler)>> _callbacks = [];
    private bool _doorClosed = true;
    private int _edgesInFlight;

    /// <param name="shutters">The shutters; the first is the main one, behind which the others may open.</param>
    /// <param name="keepHistory">Keep every change in <see cref="History"/> (false for long runs: the checks run as changes happen either way).</param>
    public SimulatedGpioBoard(IReadOnlyList<ShutterWiring> shutters, int doorPin, TimeProvider time, bool keepHistory = true)
    {
        _keepHistory = keepHistory;
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
    /// Every breach of the safety rules seen so far, checked as the changes happen: a shutter commanded open while the
    /// door is open, another shutter open while the first (the main one) is closed, or a shutter still open once the
    /// instant in which the door opened is over (the interlock's reaction takes no simulated time).
    /// </summary>
    public IReadOnlyList<string> SafetyViolations()
    {
        lock (_gate)
        {
            return [.. _violations, .. StillOpenLocked(_lastChangeS)];
        }
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
                EndInstantLocked();
                _outputs[pinNumber] = high;
                _outputSince[pinNumber] = _time.GetTimestamp();
                RecordLocked(pinNumber, high);
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

            EndInstantLocked();
            _doorClosed = closed;
            RecordLocked(_doorPin, closed);
            handlers = [.. _callbacks.GetValueOrDefault(_doorPin) ?? []];
            _edgesInFlight++;
        }

        PinEventTypes edge = closed ? PinEventTypes.Rising : PinEventTypes.Falling;
        try
        {
            foreach ((PinEventTypes types, PinChangeEventHandler handler) in handlers.Where(h => h.Types.HasFlag(edge)))
            {
                handler(this, new PinValueChangedEventArgs(edge, _doorPin));
            }
        }
        finally
        {
            lock (_gate)
            {
                _edgesInFlight--;
                _violations.AddRange(StillOpenLocked(_lastChangeS));
            }
        }
    }

    /// <summary>
    /// Before a change at a later time than the last one: the last instant is over, so no shutter may be open with the
    /// door open. While the door's edge callbacks run, that is judged when they return: on a board they run at the edge,
    /// and only a virtual clock moved by another thread can put a later change between the edge and its callbacks.
    /// </summary>
    private void EndInstantLocked()
    {
        double timeS = _time.GetElapsedTime(_start).TotalSeconds;
        if (timeS != _lastChangeS && _edgesInFlight > 0)
        {
            _lastChangeS = timeS;
        }
        else if (timeS != _lastChangeS)
        {
            _violations.AddRange(StillOpenLocked(_lastChangeS));
            _lastChangeS = timeS;
        }
    }

    /// <summary>Keeps a change (when asked to) and checks that an opening is allowed.</summary>
    private void RecordLocked(int pin, bool high)
    {
        double timeS = _lastChangeS;
        if (_keepHistory)
        {
            _history.Add(new PinChange(timeS, pin, high));
        }

        int index = -1;
        for (int i = 0; i < _shutters.Count && index < 0; i++)
        {
            index = _shutters[i].CommandPin == pin ? i : -1;
        }

        if (high && index >= 0 && (!_doorClosed || (index > 0 && !_outputs[_shutters[0].CommandPin])))
        {
            _violations.Add($"{_shutters[index].Name} shutter opened with the door open{(index > 0 ? " or the main shutter closed" : string.Empty)} at {timeS:F6} s");
        }
    }

    private IEnumerable<string> StillOpenLocked(double instantS) =>
        _doorClosed ? [] : _shutters.Where(s => _outputs[s.CommandPin]).Select(s => $"{s.Name} shutter still open after the door opened at {instantS:F6} s").ToList();

    private static int Check(int pinNumber) =>
        pinNumber is >= 0 and < Pins ? pinNumber : throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"the board has GPIO 0 to {Pins - 1}");
}
