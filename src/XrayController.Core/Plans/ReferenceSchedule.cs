namespace XrayController.Core.Plans;

public enum ReferencePoint
{
    Start,
    End,
    EachEnergy,
    EachDistance,
    EachTile,
}

/// <summary>When flats (open beam, sample out) or darks (beam off) are taken, and how many frames each time.</summary>
public sealed record ReferenceSchedule(int Count, IReadOnlySet<ReferencePoint> At, int? EveryNProjections)
{
    public static ReferenceSchedule None { get; } = new(0, new HashSet<ReferencePoint>(), null);

    public bool IsEmpty => Count == 0 || (At.Count == 0 && EveryNProjections is null);

    public bool Includes(ReferencePoint point) => Count > 0 && At.Contains(point);
}
