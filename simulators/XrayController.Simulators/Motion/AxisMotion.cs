using XrayController.Core.Timing;

namespace XrayController.Simulators.Motion;

/// <summary>
/// The motion of one simulated axis, computed from the clock rather than stepped: a move is a trapezoidal profile that
/// started at a known time, so the position at any instant (past or planned) follows exactly, and a move takes exactly
/// the duration the dry run charges. Positions are quantised to whole encoder counts.
/// </summary>
internal sealed class AxisMotion(TimeProvider time, double countsPerUnit, double initialPosition)
{
    private readonly Lock _gate = new();
    private double _from = initialPosition;
    private double _to = initialPosition;
    private double _speed = 1;
    private double _acceleration = 1;
    private long _startTimestamp = time.GetTimestamp();
    private double _durationS;

    public TimeProvider Time => time;

    /// <summary>Starts a move from wherever the axis is now; returns its duration in seconds.</summary>
    public double Start(double target, double speed, double acceleration)
    {
        lock (_gate)
        {
            long now = time.GetTimestamp();
            _from = PositionAtLocked(now);
            _to = target;
            _speed = speed;
            _acceleration = acceleration;
            _startTimestamp = now;
            _durationS = TrapezoidalMove.DurationS(_to - _from, speed, acceleration);
            return _durationS;
        }
    }

    /// <summary>Stops at once where the axis is (an abort; the deceleration is not modelled).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            double here = PositionAtLocked(time.GetTimestamp());
            _from = here;
            _to = here;
            _durationS = 0;
        }
    }

    public double Position => PositionAt(time.GetTimestamp());

    public bool IsMoving
    {
        get
        {
            lock (_gate)
            {
                return time.GetElapsedTime(_startTimestamp).TotalSeconds < _durationS;
            }
        }
    }

    /// <summary>The current move: where it started and ends, its dynamics and its start time.</summary>
    public (double From, double To, double Speed, double Acceleration, long StartTimestamp) CurrentMove
    {
        get
        {
            lock (_gate)
            {
                return (_from, _to, _speed, _acceleration, _startTimestamp);
            }
        }
    }

    public double PositionAt(long timestamp)
    {
        lock (_gate)
        {
            return PositionAtLocked(timestamp);
        }
    }

    public long Counts(double position) => (long)Math.Round(position * countsPerUnit);

    private double PositionAtLocked(long timestamp)
    {
        double elapsedS = Math.Max(0, time.GetElapsedTime(_startTimestamp, timestamp).TotalSeconds);
        double exact = _durationS == 0 ? _to : TrapezoidalMove.PositionAt(_from, _to, _speed, _acceleration, elapsedS);
        return Math.Round(exact * countsPerUnit) / countsPerUnit;
    }
}
