namespace XrayController.Core.Plans;

/// <summary>The spellings used in plan files for the enumerations of the plan model.</summary>
public static class PlanNames
{
    public static IReadOnlyDictionary<string, Technique> Techniques { get; } = new Dictionary<string, Technique>
    {
        ["parallel-ct"] = Technique.ParallelCt,
        ["cone-ct"] = Technique.ConeCt,
        ["holotomography"] = Technique.Holotomography,
        ["spectro-tomography"] = Technique.SpectroTomography,
    };

    public static IReadOnlyDictionary<string, RotationMode> RotationModes { get; } = new Dictionary<string, RotationMode>
    {
        ["step"] = RotationMode.Step,
        ["fly"] = RotationMode.Fly,
    };

    public static IReadOnlyDictionary<string, ScanAxis> ScanAxes { get; } = new Dictionary<string, ScanAxis>
    {
        ["energy"] = ScanAxis.Energy,
        ["distances"] = ScanAxis.Distances,
        ["tiles"] = ScanAxis.Tiles,
        ["rotation"] = ScanAxis.Rotation,
    };

    public static IReadOnlyDictionary<string, ReferencePoint> ReferencePoints { get; } = new Dictionary<string, ReferencePoint>
    {
        ["start"] = ReferencePoint.Start,
        ["end"] = ReferencePoint.End,
        ["each_energy"] = ReferencePoint.EachEnergy,
        ["each_distance"] = ReferencePoint.EachDistance,
        ["each_tile"] = ReferencePoint.EachTile,
    };

    public static IReadOnlyDictionary<string, ReconstructionAlgorithm> Algorithms { get; } = new Dictionary<string, ReconstructionAlgorithm>
    {
        ["none"] = ReconstructionAlgorithm.None,
        ["fbp"] = ReconstructionAlgorithm.Fbp,
        ["fdk"] = ReconstructionAlgorithm.Fdk,
    };

    public static IReadOnlyDictionary<string, ReconstructionFilter> Filters { get; } = new Dictionary<string, ReconstructionFilter>
    {
        ["ramp"] = ReconstructionFilter.Ramp,
        ["shepp-logan"] = ReconstructionFilter.SheppLogan,
        ["cosine"] = ReconstructionFilter.Cosine,
        ["hamming"] = ReconstructionFilter.Hamming,
        ["hann"] = ReconstructionFilter.Hann,
    };

    public static IReadOnlyDictionary<string, Inspection> Inspections { get; } = new Dictionary<string, Inspection>
    {
        ["none"] = Inspection.None,
        ["cell"] = Inspection.Cell,
        ["zoom"] = Inspection.Zoom,
    };

    public static IReadOnlyDictionary<string, PhaseRetrieval> PhaseMethods { get; } = new Dictionary<string, PhaseRetrieval>
    {
        ["none"] = PhaseRetrieval.None,
        ["paganin"] = PhaseRetrieval.Paganin,
        ["ctf"] = PhaseRetrieval.Ctf,
    };

    public static string NameOf<T>(IReadOnlyDictionary<string, T> names, T value)
        where T : struct, Enum =>
        names.First(p => EqualityComparer<T>.Default.Equals(p.Value, value)).Key;
}
