namespace XrayController.Simulators.BeamMonitor;

/// <summary>
/// The simulated beam: full intensity (the beam monitor reads its nominal current) except during a dump, when no
/// photons arrive and the monitor reads nothing. Shared by the detector (which renders dark frames) and the monitor.
/// </summary>
public sealed class SimulatedBeam(double nominalA, TimeProvider time)
{
    private long _dumpFrom = long.MaxValue;
    private long _dumpUntil = long.MaxValue;

    public double NominalA => nominalA;

    /// <summary>The beam is lost now for <paramref name="durationS"/> seconds of the simulation's clock.</summary>
    public void Dump(double durationS)
    {
        long now = time.GetTimestamp();
        Interlocked.Exchange(ref _dumpUntil, now + (long)(durationS * time.TimestampFrequency));
        Interlocked.Exchange(ref _dumpFrom, now);
    }

    public bool IsOnAt(long timestamp) => timestamp < Interlocked.Read(ref _dumpFrom) || timestamp >= Interlocked.Read(ref _dumpUntil);

    public double CurrentAt(long timestamp) => IsOnAt(timestamp) ? nominalA : 0;
}
