using System.Globalization;
using XrayController.Protocols.Gcs;
using XrayController.Simulators.Motion;
using XrayController.Simulators.Transport;

namespace XrayController.Simulators.Gcs;

/// <summary>The dynamics and limits of a simulated GCS axis, in its own unit (mm for linear stages, degrees for a Bragg axis).</summary>
public sealed record GcsAxisSettings(string Name, double Min, double Max, double Speed, double Acceleration, double Initial, double CountsPerUnit);

/// <summary>
/// A single-axis PI controller (C-863-like) speaking the GCS 2.0 subset of <c>pi-gcs2.md</c>: servo and reference state,
/// trapezoidal moves at the set velocity, on-target and moving-mask queries, and errors that are never replied but kept
/// for <c>ERR?</c> (which reads and clears the last one), as the real controller does.
/// </summary>
public sealed class GcsAxisSimulator : ILineProtocolFactory
{
    private const string AxisId = "1";

    private readonly GcsAxisSettings _settings;
    private readonly AxisMotion _motion;
    private readonly Lock _gate = new();
    private double _velocity;
    private bool _servo;
    private bool _referenced;
    private int _error;
    private readonly Dictionary<string, (bool High, long Since)> _outputs = new(StringComparer.Ordinal);

    public GcsAxisSimulator(GcsAxisSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _velocity = settings.Speed;
        _motion = new AxisMotion(time, settings.CountsPerUnit, settings.Initial);
    }

    public string Name => _settings.Name;

    public LinkFaults Faults { get; } = new();

    public double Position => _motion.Position;

    public double Initial => _settings.Initial;

    ILineProtocol ILineProtocolFactory.CreateSession() => new Session(this);

    /// <summary>Whether a digital output line is high and since when (a clock reading); low since the start when never set.</summary>
    public (bool High, long Since) OutputLine(string line)
    {
        lock (_gate)
        {
            return _outputs.GetValueOrDefault(line, (false, 0));
        }
    }

    private string? Handle(string command)
    {
        lock (_gate)
        {
            return command switch
            {
                [GcsCommands.MovingMask] => (_motion.IsMoving ? "1" : "0") + "\n",
                [GcsCommands.ControllerReady] => $"{GcsCommands.Ready}\n",
                [GcsCommands.StopAll] => Stop(),
                _ => HandleLine(command),
            };
        }
    }

    private string? HandleLine(string line)
    {
        string[] tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return Fail(GcsErrors.UnknownCommand);
        }

        string name = tokens[0].ToUpperInvariant();
        string[] arguments = tokens[1..];
        if (name is "ERR?" or "*IDN?" or "STP")
        {
            return arguments.Length != 0 ? Fail(GcsErrors.ParameterSyntax) : name switch
            {
                "ERR?" => TakeError(),
                "*IDN?" => "XrayController simulator, C-863 GCS 2.0 subset, 0, 1.0\n",
                _ => Stop(),
            };
        }

        if (name is "DIO" or "DIO?")
        {
            return DigitalOutput(name, arguments);
        }

        if (arguments.Length == 0 || arguments[0] != AxisId)
        {
            return Fail(arguments.Length == 0 ? GcsErrors.ParameterSyntax : GcsErrors.InvalidAxis);
        }

        return (name, arguments.Length) switch
        {
            ("POS?", 1) => Value(GcsCommands.Number(_motion.Position)),
            ("ONT?", 1) => Value(_motion.IsMoving ? "0" : "1"),
            ("FRF?", 1) => Value(_referenced ? "1" : "0"),
            ("SVO?", 1) => Value(_servo ? "1" : "0"),
            ("VEL?", 1) => Value(GcsCommands.Number(_velocity)),
            ("SVO", 2) => SetServo(arguments[1]),
            ("FRF", 1) => Reference(),
            ("VEL", 2) => SetVelocity(arguments[1]),
            ("MOV", 2) => Move(arguments[1]),
            (_, _) when name is "POS?" or "ONT?" or "FRF?" or "SVO?" or "VEL?" or "SVO" or "FRF" or "VEL" or "MOV" => Fail(GcsErrors.ParameterSyntax),
            _ => Fail(GcsErrors.UnknownCommand),
        };
    }

    private string? DigitalOutput(string name, string[] arguments)
    {
        if (name == "DIO?")
        {
            return arguments.Length == 1 ? $"{arguments[0]}={(OutputLineLocked(arguments[0]) ? 1 : 0)}\n" : Fail(GcsErrors.ParameterSyntax);
        }

        if (arguments.Length != 2 || arguments[1] is not ("0" or "1") || !int.TryParse(arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out int line) || line is < 1 or > 4)
        {
            return Fail(GcsErrors.ParameterSyntax);
        }

        bool high = arguments[1] == "1";
        if (OutputLineLocked(arguments[0]) != high)
        {
            _outputs[arguments[0]] = (high, _motion.Time.GetTimestamp());
        }

        return null;
    }

    private bool OutputLineLocked(string line) => _outputs.TryGetValue(line, out (bool High, long Since) state) && state.High;

    private static string Value(string value) => GcsReply.AxisValue(AxisId, value) + "\n";

    private string? Fail(int code)
    {
        _error = code;
        return null;
    }

    private string TakeError()
    {
        int error = _error;
        _error = GcsErrors.None;
        return error.ToString(CultureInfo.InvariantCulture) + "\n";
    }

    private string? Stop()
    {
        _motion.Stop();
        _error = GcsErrors.ControllerStopped;
        return null;
    }

    private string? SetServo(string state)
    {
        if (state is not ("0" or "1"))
        {
            return Fail(GcsErrors.ParameterSyntax);
        }

        _servo = state == "1";
        if (!_servo)
        {
            _motion.Stop();
        }

        return null;
    }

    /// <summary>The simulated axis knows where it is: referencing marks it referenced without moving.</summary>
    private string? Reference()
    {
        if (!_servo)
        {
            return Fail(GcsErrors.UnallowableMove);
        }

        _referenced = true;
        return null;
    }

    private string? SetVelocity(string text)
    {
        if (!GcsReply.TryGetNumber(text, out double velocity) || velocity <= 0 || velocity > _settings.Speed * 1.0000001)
        {
            return Fail(GcsErrors.ParameterSyntax);
        }

        _velocity = velocity;
        return null;
    }

    private string? Move(string text)
    {
        if (!GcsReply.TryGetNumber(text, out double target))
        {
            return Fail(GcsErrors.ParameterSyntax);
        }

        if (!_servo || !_referenced)
        {
            return Fail(GcsErrors.UnallowableMove);
        }

        if (target < _settings.Min || target > _settings.Max)
        {
            return Fail(GcsErrors.PositionOutOfLimits);
        }

        _motion.Start(target, _velocity, _settings.Acceleration);
        return null;
    }

    private sealed class Session(GcsAxisSimulator device) : ILineProtocol
    {
        public bool IsSingleByteCommand(byte value) => value is (byte)GcsCommands.MovingMask or (byte)GcsCommands.ControllerReady or (byte)GcsCommands.StopAll;

        public string? Handle(string command) => device.Handle(command);
    }
}
