using System.Globalization;

namespace XrayController.Core.Protection;

/// <summary>One axis's part of a forbidden zone: the axis is inside the zone between these bounds (either may be open).</summary>
public sealed record AxisBounds(double? Min, double? Max)
{
    public bool Contains(double position) => (Min is not { } min || position >= min) && (Max is not { } max || position <= max);

    /// <summary>Whether a move from <paramref name="from"/> to <paramref name="to"/> passes through the bounds at any point.</summary>
    public bool Crosses(double from, double to)
    {
        double low = Math.Min(from, to);
        double high = Math.Max(from, to);
        return (Min is not { } min || high >= min) && (Max is not { } max || low <= max);
    }

    public override string ToString() => (Min, Max) switch
    {
        ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $"{min} to {max}"),
        ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $"≥ {min}"),
        (null, { } max) => string.Create(CultureInfo.InvariantCulture, $"≤ {max}"),
        _ => "anywhere",
    };
}

/// <summary>
/// A combination of axis positions where parts of the instrument collide (e.g. the sample stage raised while the
/// detector is close): the machine is in the zone when every listed axis is within its bounds at once. Axes are named as
/// in the profile (<c>rotation</c> in degrees, linear axes in mm).
/// </summary>
public sealed record ForbiddenZone(string Name, IReadOnlyDictionary<string, AxisBounds> Axes)
{
    public const string Rotation = "rotation";

    /// <summary>
    /// Whether moving <paramref name="axis"/> from <paramref name="from"/> to <paramref name="to"/>, the other axes
    /// standing at <paramref name="positions"/>, enters the zone anywhere along the way (one axis moves at a time, so the
    /// path is a segment along that axis).
    /// </summary>
    public bool IsEnteredBy(string axis, double from, double to, IReadOnlyDictionary<string, double> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        foreach ((string name, AxisBounds bounds) in Axes)
        {
            bool inside = name == axis
                ? bounds.Crosses(from, to)
                : positions.TryGetValue(name, out double at) && bounds.Contains(at);
            if (!inside)
            {
                return false;
            }
        }

        return true;
    }

    public string Describe() => $"'{Name}' ({string.Join(", ", Axes.Select(a => $"{a.Key} {a.Value}"))})";
}
