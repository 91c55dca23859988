namespace XrayController.Core.Plans;

/// <summary>A scan plan as written by the user, checked for internal consistency (not yet against an instrument).</summary>
public sealed record Plan(
    string Name,
    Technique Technique,
    string Instrument,
    string? Description,
    SampleSettings Sample,
    DetectorSettings Detector,
    RotationAxis Rotation,
    EnergyAxis? Energy,
    DistanceAxis? Distances,
    TileAxis? Tiles,
    RoiSettings? Roi,
    SourceSettings? Source,
    ReferenceSchedule Flats,
    ReferenceSchedule Darks,
    IReadOnlyList<ScanAxis> Order,
    ReconstructionSettings Reconstruction)
{
    /// <summary>Number of values a scan axis takes in this plan (1 for an axis the plan does not scan).</summary>
    public int PointsOn(ScanAxis axis) => axis switch
    {
        ScanAxis.Rotation => Rotation.Count,
        ScanAxis.Energy => Energy is { IsScan: true } energy ? energy.EnergiesEv().Count : 1,
        ScanAxis.Distances => Distances?.FocusToSampleMm.Count ?? 1,
        ScanAxis.Tiles => Tiles?.TileCount ?? 1,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, null),
    };
}
