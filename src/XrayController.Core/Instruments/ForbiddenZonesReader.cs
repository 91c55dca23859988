using XrayController.Core.Protection;
using XrayController.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Instruments;

/// <summary>
/// Reads <c>forbidden_zones</c>: a list of <c>{ name, axes: { AXIS: { min, max } } }</c>, where AXIS is
/// <c>rotation</c> (degrees) or one of the profile's linear axes (mm), each with a <c>min</c>, a <c>max</c> or both.
/// </summary>
internal static class ForbiddenZonesReader
{
    public static IReadOnlyList<ForbiddenZone> Read(MappingReader profile, IReadOnlyCollection<string> linearAxes)
    {
        IReadOnlyList<YamlNode>? items = profile.Sequence("forbidden_zones");
        var zones = new List<ForbiddenZone>();
        for (int i = 0; items is not null && i < items.Count; i++)
        {
            string path = YamlReadContext.Item("forbidden_zones", i);
            if (profile.Context.Mapping(items[i], path) is not { } zone)
            {
                continue;
            }

            string name = zone.String("name", required: true) ?? $"zone {i + 1}";
            var axes = new Dictionary<string, AxisBounds>(StringComparer.Ordinal);
            if (zone.Mapping("axes", required: true) is { } axesSection)
            {
                foreach ((YamlNode key, YamlNode value) in ((YamlMappingNode)axesSection.Node).Children)
                {
                    string axis = (key as YamlScalarNode)?.Value ?? string.Empty;
                    axesSection.Take(axis);
                    if (axis != ForbiddenZone.Rotation && !linearAxes.Contains(axis))
                    {
                        axesSection.Fail(axis, $"'{axis}' is not an axis of the profile (rotation, {string.Join(", ", linearAxes)})");
                        continue;
                    }

                    if (axesSection.Context.Mapping(value, YamlReadContext.Child(axesSection.Path, axis)) is not { } bounds)
                    {
                        continue;
                    }

                    string unit = axis == ForbiddenZone.Rotation ? "deg" : "mm";
                    double? min = bounds.Number($"min_{unit}");
                    double? max = bounds.Number($"max_{unit}");
                    if (min is null && max is null)
                    {
                        bounds.Fail($"min_{unit}", $"give min_{unit}, max_{unit} or both");
                    }
                    else if (min > max)
                    {
                        bounds.Fail($"max_{unit}", $"must be ≥ min_{unit}");
                    }

                    bounds.ReportUnknownKeys();
                    axes[axis] = new AxisBounds(min, max);
                }

                if (axes.Count == 0)
                {
                    zone.Fail("axes", "a zone needs at least one axis");
                }
            }

            zone.ReportUnknownKeys();
            zones.Add(new ForbiddenZone(name, axes));
        }

        return zones;
    }
}
