using XrayController.Core.Instruments;
using XrayController.Core.Plans;

namespace XrayController.Core.Steps;

/// <summary>The values each scan axis of a plan takes on a given instrument.</summary>
internal sealed class ScanAxisValues
{
    public ScanAxisValues(Plan plan, InstrumentProfile profile)
    {
        AnglesDeg = plan.Rotation.AnglesDeg();
        EnergiesEv = plan.Energy?.EnergiesEv() ?? [];
        DistancesMm = plan.Distances?.FocusToSampleMm ?? [];
        TilePositionsMm = plan.Tiles is { } tiles ? ProfileGeometry.TilePositionsMm(profile, tiles) : [];
    }

    public IReadOnlyList<double> AnglesDeg { get; }

    public IReadOnlyList<double> EnergiesEv { get; }

    public IReadOnlyList<double> DistancesMm { get; }

    public IReadOnlyList<double> TilePositionsMm { get; }

    public int Count(ScanAxis axis) => axis switch
    {
        ScanAxis.Rotation => AnglesDeg.Count,
        ScanAxis.Energy => EnergiesEv.Count,
        ScanAxis.Distances => DistancesMm.Count,
        ScanAxis.Tiles => TilePositionsMm.Count,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, null),
    };
}
