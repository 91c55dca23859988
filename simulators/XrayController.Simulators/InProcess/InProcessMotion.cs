using XrayController.Core.Timing;

namespace XrayController.Simulators.InProcess;

/// <summary>
/// One simulated axis moving on trapezoidal profiles in the simulation's time. A move takes exactly the duration the
/// dry run charges; a stop during a move leaves the axis where the profile had brought it.
/// </summary>
internal sealed class InProcessMotion(TimeProvider time, double speed, double acceleration, double initialPosition, double resolution)
{
    private readonly Lock _gate = new();
    private double _position = initialPosition;
    private CancellationTokenSource? _moving;

    public double Position
    {
        get
        {
            lock (_gate)
            {
                return _position;
            }
        }
    }

    public async Task MoveToAsync(double target, CancellationToken cancellationToken)
    {
        double from = Position;
        double durationS = TrapezoidalMove.DurationS(target - from, speed, acceleration);
        using var moving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_gate)
        {
            _moving = moving;
        }

        long started = time.GetTimestamp();
        try
        {
            await time.DelayAsync(TimeSpan.FromSeconds(durationS), moving.Token).ConfigureAwait(false);
            SetPosition(target);
        }
        catch (OperationCanceledException)
        {
            SetPosition(TrapezoidalMove.PositionAt(from, target, speed, acceleration, time.GetElapsedTime(started).TotalSeconds));
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _moving = null;
            }
        }
    }

    /// <summary>Sets the position without motion time (a fly sweep moves the axis itself).</summary>
    public void SetPosition(double position)
    {
        lock (_gate)
        {
            _position = Math.Round(position / resolution) * resolution;
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _moving?.Cancel();
        }
    }
}
