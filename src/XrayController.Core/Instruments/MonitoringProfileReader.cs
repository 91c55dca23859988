using XrayController.Core.Yaml;

namespace XrayController.Core.Instruments;

/// <summary>Reads a profile's <c>beam_monitor</c> and <c>suspenders</c> sections.</summary>
internal static class MonitoringProfileReader
{
    public static BeamMonitorProfile? BeamMonitor(MappingReader? monitor)
    {
        if (monitor is null)
        {
            return null;
        }

        var result = new BeamMonitorProfile(monitor.Positive("nominal_a", required: true) ?? 1e-9, monitor.NonNegative("command_s") ?? 0);
        monitor.ReportUnknownKeys();
        return result;
    }

    public static SuspenderProfile Suspenders(MappingReader? suspenders, BeamMonitorProfile? monitor)
    {
        if (suspenders is null)
        {
            return SuspenderProfile.None;
        }

        double? below = null;
        if (suspenders.Mapping("beam_current") is { } beam)
        {
            below = beam.Positive("below_a", required: true);
            if (monitor is null)
            {
                suspenders.Fail("beam_current", "needs a beam_monitor section (the current it watches)");
            }
            else if (below >= monitor.NominalA)
            {
                beam.Fail("below_a", $"must be below the beam monitor's nominal {monitor.NominalA} A, or the scan never runs");
            }

            beam.ReportUnknownKeys();
        }

        var result = new SuspenderProfile(below, suspenders.NonNegative("hold_s") ?? 2, suspenders.Positive("poll_s") ?? 0.1);
        suspenders.ReportUnknownKeys();
        return result;
    }
}
