namespace XrayController.Core.Timing;

/// <summary>
/// Duration of a point-to-point move with a trapezoidal velocity profile: accelerate at <c>a</c> up to <c>v</c>, cruise,
/// decelerate at <c>a</c>. Short moves never reach <c>v</c> and take the triangular profile's 2·√(d/a).
/// </summary>
public static class TrapezoidalMove
{
    public static double DurationS(double distance, double speed, double acceleration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(acceleration);
        double d = Math.Abs(distance);
        if (d == 0)
        {
            return 0;
        }

        double rampDistance = speed * speed / acceleration;
        return d >= rampDistance ? (d / speed) + (speed / acceleration) : 2 * Math.Sqrt(d / acceleration);
    }

    /// <summary>Position after <paramref name="elapsedS"/> of the same move, for simulators that report positions while moving.</summary>
    public static double PositionAt(double from, double to, double speed, double acceleration, double elapsedS)
    {
        double d = Math.Abs(to - from);
        double total = DurationS(d, speed, acceleration);
        if (elapsedS >= total)
        {
            return to;
        }

        double peak = Math.Min(speed, Math.Sqrt(d * acceleration));
        double rampS = peak / acceleration;
        double travelled;
        if (elapsedS <= rampS)
        {
            travelled = 0.5 * acceleration * elapsedS * elapsedS;
        }
        else if (elapsedS <= total - rampS)
        {
            travelled = (0.5 * peak * rampS) + (peak * (elapsedS - rampS));
        }
        else
        {
            double remaining = total - elapsedS;
            travelled = d - (0.5 * acceleration * remaining * remaining);
        }

        return from + (Math.Sign(to - from) * travelled);
    }

    /// <summary>
    /// The time at which the same move has travelled <paramref name="travelled"/> of its distance (0 to |to − from|): the
    /// inverse of <see cref="PositionAt"/>, used to fire position-synchronised pulses at exact positions.
    /// </summary>
    public static double TimeAt(double distance, double travelled, double speed, double acceleration)
    {
        double d = Math.Abs(distance);
        double s = Math.Clamp(travelled, 0, d);
        double peak = Math.Min(speed, Math.Sqrt(d * acceleration));
        double rampS = peak / acceleration;
        double rampDistance = 0.5 * peak * rampS;
        if (s <= rampDistance)
        {
            return Math.Sqrt(2 * s / acceleration);
        }

        if (s <= d - rampDistance)
        {
            return rampS + ((s - rampDistance) / peak);
        }

        return DurationS(d, speed, acceleration) - Math.Sqrt(2 * (d - s) / acceleration);
    }
}
