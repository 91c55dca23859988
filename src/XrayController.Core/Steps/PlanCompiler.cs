using XrayController.Core.Instruments;
using XrayController.Core.Plans;

namespace XrayController.Core.Steps;

/// <summary>
/// Compiles a validated plan into the flat step list: the axes nested in the plan's order (outermost first), flats and
/// darks inserted where the schedules ask, the shutter opened and closed as frames need, checkpoints between blocks.
/// A reference set asked for at a point where an identical one was just taken (no projection and no axis move between)
/// is taken once.
/// </summary>
public static class PlanCompiler
{
    public static CompiledScan Compile(Plan plan, InstrumentProfile profile)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(profile);
        var values = new ScanAxisValues(plan, profile);
        FlySweep? fly = plan.Rotation.Mode == RotationMode.Fly
            ? FlySweep.Plan(plan.Rotation.StartDeg, plan.Rotation.StepDeg, plan.Rotation.Count, plan.Detector.ExposureS, profile.Rotation, profile.Detector)
            : null;
        var builder = new StepListBuilder(plan, profile, values, fly);
        builder.Build();
        return new CompiledScan(
            plan,
            profile,
            builder.Steps,
            builder.Counts,
            values.AnglesDeg,
            values.EnergiesEv,
            values.DistancesMm,
            values.TilePositionsMm,
            ProfileGeometry.FrameRows(profile, plan.Detector.Binning),
            ProfileGeometry.FrameColumns(profile, plan.Detector.Binning),
            fly);
    }
}
