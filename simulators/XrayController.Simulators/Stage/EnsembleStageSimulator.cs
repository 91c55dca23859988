using System.Globalization;
using XrayController.Core.Instruments;
using XrayController.Core.Timing;
using XrayController.Protocols.Ensemble;
using XrayController.Simulators.Motion;
using XrayController.Simulators.Transport;

namespace XrayController.Simulators.Stage;

/// <summary>
/// An Aerotech Ensemble controller with one rotary axis, speaking the ASCII subset of <c>aerotech-ensemble.md</c>:
/// trapezoidal moves at the commanded speed, status and fault words, soft limits that fault the axis, and a PSO output
/// that fires at every <c>PSODISTANCE</c> counts from the arm position inside the window, on time, to its subscribers
/// (the simulated detector's trigger input). Thread-safe: serial and TCP sessions may talk to it at once.
/// </summary>
public sealed class EnsembleStageSimulator : ILineProtocolFactory
{
    private const int AxisIndex = 0;

    private readonly RotationProfile _profile;
    private readonly string _axisName;
    private readonly AxisMotion _motion;
    private readonly Lock _gate = new();
    private bool _noWait;
    private bool _enabled;
    private bool _homed;
    private EnsembleAxisFault _fault;
    private long _psoDistanceCounts;
    private long _windowFromCounts = long.MinValue;
    private long _windowToCounts = long.MaxValue;
    private bool _windowOn;
    private double _pulseOnUs = 10;
    private bool _armed;
    private long _armCounts;
    private CancellationTokenSource? _pulses;

    public EnsembleStageSimulator(RotationProfile profile, TimeProvider time, string axisName = "X")
    {
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
        _axisName = axisName;
        _motion = new AxisMotion(time, profile.EncoderCountsPerDeg, profile.InitialDeg);
    }

    /// <summary>Raised for every PSO pulse, on a timer thread.</summary>
    public event Action<PsoPulse>? Pulse;

    public LinkFaults Faults { get; } = new();

    public double PositionDeg => _motion.Position;

    /// <summary>The planned position at a clock reading (past or future), for rendering mid-exposure angles.</summary>
    public double PositionAt(long timestamp) => _motion.PositionAt(timestamp);

    /// <summary>Makes the axis fault as a drive would (for fault-injection tests): moves stop and are refused until <c>FAULTACK</c>.</summary>
    public void InjectFault(EnsembleAxisFault fault)
    {
        lock (_gate)
        {
            _fault |= fault;
            StopLocked();
        }
    }

    ILineProtocol ILineProtocolFactory.CreateSession() => new Session(this);

    private string Handle(string line)
    {
        if (!EnsembleCommand.TryParse(line, out EnsembleCommand command))
        {
            return Reply(EnsembleReply.Nak);
        }

        lock (_gate)
        {
            return Reply(command.IsFunction ? Query(command) : Execute(command));
        }
    }

    private static string Reply(EnsembleReply reply) => reply.Format() + "\n";

    private EnsembleReply Query(EnsembleCommand command)
    {
        if (command.Arguments.Count != 1 || command.Arguments[0] != $"@{AxisIndex}")
        {
            return EnsembleReply.Nak;
        }

        return command.Name switch
        {
            "PFBKPROG" => EnsembleReply.Ack(EnsembleCommand.Number(_motion.Position)),
            "AXISSTATUS" => EnsembleReply.Ack(((int)Status()).ToString(CultureInfo.InvariantCulture)),
            "AXISFAULT" => EnsembleReply.Ack(((int)_fault).ToString(CultureInfo.InvariantCulture)),
            _ => EnsembleReply.Nak,
        };
    }

    private EnsembleAxisStatus Status()
    {
        EnsembleAxisStatus status = EnsembleAxisStatus.None;
        bool moving = _motion.IsMoving;
        if (_enabled)
        {
            status |= EnsembleAxisStatus.Enabled;
        }

        if (_homed)
        {
            status |= EnsembleAxisStatus.Homed;
        }

        return status | (moving ? EnsembleAxisStatus.MoveActive : EnsembleAxisStatus.InPosition);
    }

    private EnsembleReply Execute(EnsembleCommand command)
    {
        IReadOnlyList<string> a = command.Arguments;
        return command.Name switch
        {
            "WAIT" when a.Count == 2 && a[0].Equals("MODE", StringComparison.OrdinalIgnoreCase) => SetWaitMode(a[1]),
            "ENABLE" when IsAxis(a, 1) => Do(() => _enabled = true),
            "DISABLE" when IsAxis(a, 1) => Do(() => { StopLocked(); _enabled = false; }),
            "FAULTACK" when IsAxis(a, 1) => Do(() => _fault = EnsembleAxisFault.None),
            "ABORT" when IsAxis(a, 1) => Do(StopLocked),
            "HOME" when IsAxis(a, 1) => Home(),
            "MOVEABS" when a.Count == 3 && a[0] == $"@{AxisIndex}" => MoveAbsolute(a[1], a[2]),
            "PSOCONTROL" when IsPso(a, 2) => PsoControl(a[1]),
            "PSOOUTPUT" when IsPso(a, 3) || IsPso(a, 4) => EnsembleReply.Ack(),
            "PSOTRACK" when IsPso(a, 3) => EnsembleReply.Ack(),
            "PSOPULSE" when IsPso(a, 3) && a[1].Equals("TIME", StringComparison.OrdinalIgnoreCase) => PsoPulseTime(a[2]),
            "PSODISTANCE" when IsPso(a, 3) && a[1].Equals("FIXED", StringComparison.OrdinalIgnoreCase) => PsoDistance(a[2]),
            "PSOWINDOW" => PsoWindow(a),
            _ => EnsembleReply.Nak,
        };
    }

    private bool IsPso(IReadOnlyList<string> arguments, int count) =>
        arguments.Count == count && arguments[0].Equals(_axisName, StringComparison.OrdinalIgnoreCase);

    private static bool IsAxis(IReadOnlyList<string> arguments, int count) => arguments.Count == count && arguments[0] == $"@{AxisIndex}";

    private static EnsembleReply Do(Action action)
    {
        action();
        return EnsembleReply.Ack();
    }

    private EnsembleReply SetWaitMode(string mode)
    {
        switch (mode.ToUpperInvariant())
        {
            case "NOWAIT":
                _noWait = true;
                return EnsembleReply.Ack();
            case "MOVEDONE" or "INPOS":
                _noWait = false;
                return EnsembleReply.Ack();
            default:
                return EnsembleReply.Nak;
        }
    }

    private EnsembleReply Home()
    {
        if (!_enabled || _fault != EnsembleAxisFault.None)
        {
            return EnsembleReply.Faulted;
        }

        double durationS = _motion.Start(0, _profile.SpeedDegS, _profile.AccelerationDegS2);
        _homed = true;
        return Finish(durationS);
    }

    private EnsembleReply MoveAbsolute(string positionText, string speedText)
    {
        if (!TryNumber(positionText, out double target) || speedText.Length < 2 || char.ToUpperInvariant(speedText[0]) != 'F'
            || !TryNumber(speedText[1..], out double speed) || speed <= 0 || speed > _profile.SpeedDegS * 1.0000001)
        {
            return EnsembleReply.Nak;
        }

        if (!_enabled || _fault != EnsembleAxisFault.None)
        {
            return EnsembleReply.Faulted;
        }

        if (target > _profile.MaxDeg || target < _profile.MinDeg)
        {
            _fault |= target > _profile.MaxDeg ? EnsembleAxisFault.CwSoftwareLimit : EnsembleAxisFault.CcwSoftwareLimit;
            return EnsembleReply.Faulted;
        }

        double durationS = _motion.Start(target, speed, _profile.AccelerationDegS2);
        if (_armed && _psoDistanceCounts > 0)
        {
            SchedulePulses();
        }

        return Finish(durationS);
    }

    /// <summary>In MOVEDONE mode the controller answers once the move is over (the interpreter blocks); in NOWAIT at once.</summary>
    private EnsembleReply Finish(double durationS)
    {
        if (!_noWait && durationS > 0)
        {
            _motion.Time.DelayAsync(TimeSpan.FromSeconds(durationS), CancellationToken.None).GetAwaiter().GetResult();
        }

        return EnsembleReply.Ack();
    }

    private EnsembleReply PsoControl(string action)
    {
        switch (action.ToUpperInvariant())
        {
            case "RESET":
                StopPulses();
                _armed = false;
                _psoDistanceCounts = 0;
                _windowOn = false;
                return EnsembleReply.Ack();
            case "ARM":
                _armed = true;
                _armCounts = _motion.Counts(_motion.Position);
                return EnsembleReply.Ack();
            case "OFF":
                StopPulses();
                _armed = false;
                return EnsembleReply.Ack();
            default:
                return EnsembleReply.Nak;
        }
    }

    private EnsembleReply PsoPulseTime(string times)
    {
        string[] parts = times.Split(',');
        if (parts.Length != 2 || !TryNumber(parts[0], out double totalUs) || !TryNumber(parts[1], out double onUs) || onUs <= 0 || onUs > totalUs)
        {
            return EnsembleReply.Nak;
        }

        _pulseOnUs = onUs;
        return EnsembleReply.Ack();
    }

    private EnsembleReply PsoDistance(string counts)
    {
        if (!long.TryParse(counts, NumberStyles.Integer, CultureInfo.InvariantCulture, out long distance) || distance <= 0)
        {
            return EnsembleReply.Nak;
        }

        _psoDistanceCounts = distance;
        return EnsembleReply.Ack();
    }

    private EnsembleReply PsoWindow(IReadOnlyList<string> a)
    {
        if (IsPso(a, 2) && a[1].Equals("OFF", StringComparison.OrdinalIgnoreCase))
        {
            _windowOn = false;
            return EnsembleReply.Ack();
        }

        if (IsPso(a, 4) && a[1] == "1" && a[2].Equals("INPUT", StringComparison.OrdinalIgnoreCase))
        {
            return EnsembleReply.Ack();
        }

        if (IsPso(a, 4) && a[1] == "1" && a[2].Equals("RANGE", StringComparison.OrdinalIgnoreCase))
        {
            string[] range = a[3].Split(',');
            if (range.Length == 2
                && long.TryParse(range[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long from)
                && long.TryParse(range[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long to)
                && from <= to)
            {
                _windowFromCounts = from;
                _windowToCounts = to;
                _windowOn = true;
                return EnsembleReply.Ack();
            }
        }

        return EnsembleReply.Nak;
    }

    /// <summary>
    /// The pulses of the move just started: every PSO distance from the arm position that the move passes and the window
    /// lets through (its range counts the distance travelled from the arm position), each fired when the trapezoid reaches it.
    /// </summary>
    private void SchedulePulses()
    {
        StopPulses();
        (double from, double to, double speed, double acceleration, long start) = _motion.CurrentMove;
        double countsPerDeg = _profile.EncoderCountsPerDeg;
        int direction = Math.Sign(to - from);
        if (direction == 0)
        {
            return;
        }

        long fromCounts = _motion.Counts(from);
        long toCounts = _motion.Counts(to);
        var due = new List<(long Index, double PositionDeg, double AtS)>();
        for (long n = 1; ; n++)
        {
            long relative = direction * n * _psoDistanceCounts;
            long counts = _armCounts + relative;
            if ((direction > 0 && counts > toCounts) || (direction < 0 && counts < toCounts))
            {
                break;
            }

            bool passes = (counts - fromCounts) * direction > 0;
            long travelledCounts = n * _psoDistanceCounts;
            bool inWindow = !_windowOn || (travelledCounts >= _windowFromCounts && travelledCounts <= _windowToCounts);
            if (passes && inWindow)
            {
                double travelledDeg = Math.Abs(counts - fromCounts) / countsPerDeg;
                due.Add((n, counts / countsPerDeg, TrapezoidalMove.TimeAt(to - from, travelledDeg, speed, acceleration)));
            }
        }

        var cancel = new CancellationTokenSource();
        _pulses = cancel;
        double onTimeS = _pulseOnUs * 1e-6;
        _ = FirePulsesAsync(due, start, onTimeS, cancel.Token);
    }

    private async Task FirePulsesAsync(List<(long Index, double PositionDeg, double AtS)> due, long start, double onTimeS, CancellationToken cancellationToken)
    {
        TimeProvider time = _motion.Time;
        try
        {
            long index = 0;
            foreach ((long _, double positionDeg, double atS) in due)
            {
                // The pulse is stamped with the instant the axis crossed its position, not with when the timer got to it.
                long at = start + (long)(atS * time.TimestampFrequency);
                await time.DelayUntilAsync(start, TimeSpan.FromSeconds(atS), cancellationToken).ConfigureAwait(false);
                Pulse?.Invoke(new PsoPulse(index++, positionDeg, onTimeS, at));
            }
        }
        catch (OperationCanceledException)
        {
            // PSO switched off or the move aborted: the remaining pulses never fire.
        }
    }

    private void StopPulses()
    {
        _pulses?.Cancel();
        _pulses?.Dispose();
        _pulses = null;
    }

    private void StopLocked()
    {
        StopPulses();
        _motion.Stop();
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private sealed class Session(EnsembleStageSimulator device) : ILineProtocol
    {
        public bool IsSingleByteCommand(byte value) => false;

        public string? Handle(string command) => device.Handle(command);
    }
}
