using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Protection;
using XrayController.Core.Steps;

namespace XrayController.Acquisition.Planning;

/// <summary>
/// Walks a compiled scan's moves from the profile's initial positions and reports every move that would enter a
/// forbidden zone, once per zone and moving axis, at the plan field that causes it.
/// </summary>
internal static class ZoneCheck
{
    public static IEnumerable<Diagnostic> Run(PlanDocument document, CompiledScan scan)
    {
        InstrumentProfile profile = scan.Profile;
        if (profile.ForbiddenZones.Count == 0)
        {
            yield break;
        }

        var start = profile.Axes.ToDictionary(a => a.Key, a => a.Value.InitialMm, StringComparer.Ordinal);
        start[ForbiddenZone.Rotation] = profile.Rotation.InitialDeg;
        var protection = new MachineProtection(profile.ForbiddenZones, start);
        var reported = new HashSet<(string Zone, string Axis)>();
        foreach (Step step in scan.Steps)
        {
            foreach ((string axis, double to, string field) in Moves(step, protection))
            {
                if (protection.Check(axis, to) is { } zone && reported.Add((zone.Name, axis)))
                {
                    string path = document.Map.Find(field).IsKnown ? field : string.Empty;
                    yield return new Diagnostic(Severity.Error, document.Source, document.Map.Find(field), path, protection.Explain(axis, to, zone));
                }

                protection.Record(axis, to);
            }
        }
    }

    private static IEnumerable<(string Axis, double To, string Field)> Moves(Step step, MachineProtection protection)
    {
        switch (step)
        {
            case RotateStep rotate:
                yield return (ForbiddenZone.Rotation, rotate.AngleDeg, "rotation");
                break;
            case FlyScanStep fly:
                yield return (ForbiddenZone.Rotation, fly.Sweep.RampStartDeg, "rotation");
                yield return (ForbiddenZone.Rotation, fly.Sweep.RampEndDeg, "rotation");
                break;
            case OffsetStep offset:
                yield return (offset.Axis, protection.PositionOf(offset.Axis) + offset.DeltaMm, "sample.out_of_beam");
                break;
            case TranslateStep translate:
                yield return (translate.Axis, translate.PositionMm, FieldOf(translate.Axis));
                break;
            default:
                break;
        }
    }

    private static string FieldOf(string axis) => axis switch
    {
        InstrumentProfile.FocusToSample => "distances",
        InstrumentProfile.SampleZ => "tiles",
        InstrumentProfile.DetectorX => "detector.offset_mm",
        InstrumentProfile.CentringX or InstrumentProfile.CentringY => "roi",
        _ => "sample",
    };
}
