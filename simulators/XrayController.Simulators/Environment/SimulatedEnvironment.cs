namespace XrayController.Simulators.Environment;

/// <summary>
/// The air in the hutch as the simulated sensor sees it: a temperature that drifts linearly from its start (the slow
/// warming a long CT scan meets), constant humidity and pressure, and excursions that a fault injects (a door left open,
/// a cooling failure: the temperature rises by <see cref="ExcursionC"/> for a while).
/// </summary>
public sealed class SimulatedEnvironment(double startC, double driftCPerHour, TimeProvider time)
{
    public const double ExcursionC = 8;
    public const double HumidityPercent = 40;
    public const double PressurePa = 101_325;

    private readonly long _start = time.GetTimestamp();
    private long _excursionFrom = long.MaxValue;
    private long _excursionUntil = long.MaxValue;

    public void Excursion(double durationS)
    {
        long now = time.GetTimestamp();
        Interlocked.Exchange(ref _excursionUntil, now + (long)(durationS * time.TimestampFrequency));
        Interlocked.Exchange(ref _excursionFrom, now);
    }

    public double TemperatureC()
    {
        long now = time.GetTimestamp();
        bool excursion = now >= Interlocked.Read(ref _excursionFrom) && now < Interlocked.Read(ref _excursionUntil);
        return startC + (driftCPerHour * time.GetElapsedTime(_start, now).TotalHours) + (excursion ? ExcursionC : 0);
    }
}
