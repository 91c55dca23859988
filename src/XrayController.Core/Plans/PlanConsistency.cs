using XrayController.Core.Yaml;

namespace XrayController.Core.Plans;

/// <summary>Checks that need several sections of a plan at once but no instrument: technique requirements, schedules against axes.</summary>
internal static class PlanConsistency
{
    public static void Check(Plan plan, YamlReadContext context)
    {
        CheckTechnique(plan, context);
        CheckReferences(plan, plan.Flats, "flats", context);
        CheckReferences(plan, plan.Darks, "darks", context);
        if (!plan.Flats.IsEmpty && plan.Sample.OutOfBeamOffsetMm.Count == 0)
        {
            Error(context, "sample.out_of_beam", "is needed to take flats: give the offset that moves the sample out of the beam, e.g. { x_mm: 2.0 }");
        }

        if (plan.Rotation.Mode == RotationMode.Fly && plan.Order.Count > 0 && plan.Order[^1] != ScanAxis.Rotation)
        {
            Error(context, "order", "a fly scan rotates continuously, so rotation must be the innermost (last) axis");
        }
    }

    private static void CheckTechnique(Plan plan, YamlReadContext context)
    {
        switch (plan.Technique)
        {
            case Technique.SpectroTomography when plan.Energy is not { IsScan: true }:
                Error(context, "energy", "spectro-tomography scans energy: give energy.regions");
                break;
            case Technique.Holotomography when plan.Distances is null:
                Error(context, "distances", "holotomography needs the focus-to-sample distances: give distances.focus_to_sample_mm");
                break;
            default:
                break;
        }

        if (plan.Distances is not null && plan.Technique != Technique.Holotomography)
        {
            Error(context, "distances", "propagation distances belong to holotomography plans");
        }

        if (plan.Reconstruction.Algorithm == ReconstructionAlgorithm.Fdk && plan.Technique != Technique.ConeCt)
        {
            Error(context, "reconstruction.algorithm", "fdk reconstructs cone-beam scans; this plan is not cone-ct (use fbp)");
        }

        if (plan.Reconstruction.Phase == PhaseRetrieval.Ctf && plan.Technique != Technique.Holotomography)
        {
            Error(context, "reconstruction.phase", "ctf phase retrieval needs several propagation distances (holotomography)");
        }
    }

    private static void CheckReferences(Plan plan, ReferenceSchedule schedule, string section, YamlReadContext context)
    {
        (ReferencePoint Point, ScanAxis Axis, bool Present)[] perAxis =
        [
            (ReferencePoint.EachEnergy, ScanAxis.Energy, plan.Energy is { IsScan: true }),
            (ReferencePoint.EachDistance, ScanAxis.Distances, plan.Distances is not null),
            (ReferencePoint.EachTile, ScanAxis.Tiles, plan.Tiles is not null),
        ];
        foreach ((ReferencePoint point, ScanAxis axis, bool present) in perAxis.Where(p => schedule.At.Contains(p.Point)))
        {
            string name = PlanNames.NameOf(PlanNames.ReferencePoints, point);
            if (!present)
            {
                Error(context, $"{section}.at", $"'{name}' needs a scanned {PlanNames.NameOf(PlanNames.ScanAxes, axis)} axis, which this plan does not have");
            }
            else if (IndexIn(plan.Order, axis) > IndexIn(plan.Order, ScanAxis.Rotation))
            {
                context.Diagnostics.Warning(context.Map.Find($"{section}.at"), $"{section}.at",
                    $"'{name}' with {PlanNames.NameOf(PlanNames.ScanAxes, axis)} inside rotation takes a set at every angle ({plan.Rotation.Count} × {plan.PointsOn(axis)} sets)");
            }
        }
    }

    private static int IndexIn(IReadOnlyList<ScanAxis> order, ScanAxis axis) => order.ToList().IndexOf(axis);

    private static void Error(YamlReadContext context, string path, string message) =>
        context.Diagnostics.Error(context.Map.Find(path), path, message);
}
