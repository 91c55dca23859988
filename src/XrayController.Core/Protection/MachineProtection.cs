using System.Globalization;

namespace XrayController.Core.Protection;

/// <summary>A move that would take the machine into a forbidden zone; nothing was sent.</summary>
public sealed class ForbiddenMoveException(string message) : Exception(message);

/// <summary>
/// Keeps track of where the axes are and refuses any move that would enter a forbidden zone of the profile, before the
/// move is sent. The dry run (plan check) and the engine use the same rules; the engine starts from the positions read
/// back from the instrument, the dry run from the profile's initial positions.
/// </summary>
public sealed class MachineProtection(IReadOnlyList<ForbiddenZone> zones, IReadOnlyDictionary<string, double> positions)
{
    private readonly Dictionary<string, double> _positions = new(positions, StringComparer.Ordinal);

    public IReadOnlyList<ForbiddenZone> Zones => zones;

    /// <summary>The zone the move would enter, or null when it is clear.</summary>
    public ForbiddenZone? Check(string axis, double to)
    {
        double from = _positions.TryGetValue(axis, out double at) ? at : to;
        return zones.FirstOrDefault(z => z.Axes.ContainsKey(axis) && z.IsEnteredBy(axis, from, to, _positions));
    }

    /// <summary>Refuses a move into a zone with a <see cref="ForbiddenMoveException"/>; otherwise records the axis at its target.</summary>
    public void Approve(string axis, double to)
    {
        if (Check(axis, to) is { } zone)
        {
            throw new ForbiddenMoveException(Explain(axis, to, zone));
        }

        _positions[axis] = to;
    }

    /// <summary>Where an axis was last approved or recorded.</summary>
    public double PositionOf(string axis) => _positions[axis];

    /// <summary>Records a position without a check (a move already made, or an axis read back).</summary>
    public void Record(string axis, double position) => _positions[axis] = position;

    public string Explain(string axis, double to, ForbiddenZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        double from = _positions.TryGetValue(axis, out double at) ? at : to;
        string others = string.Join(", ", zone.Axes.Keys.Where(k => k != axis).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} at {_positions.GetValueOrDefault(k)}")));
        return string.Create(CultureInfo.InvariantCulture, $"moving {axis} from {from} to {to} would enter forbidden zone {zone.Describe()}{(others.Length == 0 ? string.Empty : $" with {others}")}");
    }
}
