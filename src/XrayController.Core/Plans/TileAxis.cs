namespace XrayController.Core.Plans;

/// <summary>
/// Vertical tiles of a tall sample: either explicit positions of the vertical sample axis, or a start, a count and
/// the overlap between neighbours, the step then being the vertical field of view minus the overlap.
/// </summary>
public sealed record TileAxis(IReadOnlyList<double>? ExplicitPositionsMm, double StartMm, int Count, double OverlapMm)
{
    public int TileCount => ExplicitPositionsMm?.Count ?? Count;

    public IReadOnlyList<double> PositionsMm(double fieldOfViewHeightMm)
    {
        if (ExplicitPositionsMm is not null)
        {
            return ExplicitPositionsMm;
        }

        double stepMm = fieldOfViewHeightMm - OverlapMm;
        return [.. Enumerable.Range(0, Count).Select(i => StartMm + (i * stepMm))];
    }
}
