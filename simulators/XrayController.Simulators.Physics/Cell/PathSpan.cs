namespace XrayController.Simulators.Physics.Cell;

/// <summary>
/// A stretch of a column's horizontal path, from <paramref name="FromS"/> to <paramref name="ToS"/> mm along it from
/// the source, and the heights it covers: a ray holds to it where its heights at both ends lie within them.
/// </summary>
internal readonly record struct PathSpan(double FromS, double ToS, double FromZMm, double ToZMm)
{
    /// <summary>Whether the ray from a source at height <paramref name="sourceZ"/> rising <paramref name="slope"/> mm per mm stays within the heights along the span.</summary>
    public bool Holds(double sourceZ, double slope)
    {
        double zA = sourceZ + (slope * FromS);
        double zB = sourceZ + (slope * ToS);
        return Math.Min(zA, zB) >= FromZMm && Math.Max(zA, zB) <= ToZMm;
    }
}
