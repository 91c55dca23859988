using System.Globalization;
using XrayController.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Plans;

/// <summary>Reads the scan axes of a plan: rotation, energy, distances, tiles.</summary>
internal static class PlanAxisReader
{
    public static RotationAxis Rotation(MappingReader? rotation)
    {
        if (rotation is null)
        {
            return new RotationAxis(double.NaN, double.NaN, 0, RotationMode.Step);
        }

        RotationMode mode = rotation.Choice("mode", PlanNames.RotationModes) ?? RotationMode.Step;
        double start = rotation.Number("start_deg", required: true) ?? double.NaN;
        bool stepForm = rotation.Has("stop_deg") || rotation.Has("step_deg");
        bool countForm = rotation.Has("range_deg") || rotation.Has("count") || rotation.Has("endpoint");
        if (!rotation.ExactlyOneOf("stop_deg + step_deg (step form)", "range_deg + count (count form)", stepForm, countForm))
        {
            // Neither or both forms: one error says so; the keys of both forms are known, not reported again as unknown.
            foreach (string key in (string[])["stop_deg", "step_deg", "range_deg", "count", "endpoint"])
            {
                rotation.Take(key);
            }

            rotation.ReportUnknownKeys();
            return new RotationAxis(start, double.NaN, 0, mode);
        }

        RotationAxis axis = countForm ? CountForm(rotation, start, mode) : StepForm(rotation, start, mode);
        rotation.ReportUnknownKeys();
        return axis;
    }

    public static EnergyAxis? Energy(MappingReader? energy)
    {
        if (energy is null)
        {
            return null;
        }

        double? fixedEv = energy.Positive("fixed_ev");
        IReadOnlyList<YamlNode>? regionNodes = energy.Sequence("regions");
        energy.ExactlyOneOf("fixed_ev", "regions", energy.Has("fixed_ev"), energy.Has("regions"));
        var regions = new List<(int Index, EnergyRegion Region)>();
        for (int i = 0; i < (regionNodes?.Count ?? 0); i++)
        {
            string path = YamlReadContext.Item("energy.regions", i);
            if (energy.Context.Mapping(regionNodes![i], path) is { } region && Region(region) is { } read)
            {
                regions.Add((i, read));
            }
        }

        if (regionNodes is { Count: 0 })
        {
            energy.Context.Error(energy.Take("regions")!, "energy.regions", "is empty; give at least one region");
        }

        CheckRegionsAscending(energy, regions);
        EnergyRegion? calibration = energy.Mapping("calibrate") is { } calibrate ? Region(calibrate) : null;
        energy.ReportUnknownKeys();
        return new EnergyAxis(fixedEv, [.. regions.Select(r => r.Region)]) { Calibration = calibration };
    }

    public static DistanceAxis? Distances(MappingReader? distances)
    {
        if (distances is null)
        {
            return null;
        }

        IReadOnlyList<double> values = distances.Numbers("focus_to_sample_mm", required: true) ?? [];
        YamlNode? node = distances.Take("focus_to_sample_mm");
        if (node is not null && values.Count == 0 && node is YamlSequenceNode { Children.Count: 0 })
        {
            distances.Context.Error(node, "distances.focus_to_sample_mm", "is empty; give at least one distance");
        }

        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] <= 0)
            {
                distances.Context.Error(((YamlSequenceNode)node!).Children[i], $"distances.focus_to_sample_mm[{i}]", "must be > 0");
            }
            else if (values.Take(i).Contains(values[i]))
            {
                distances.Context.Error(((YamlSequenceNode)node!).Children[i], $"distances.focus_to_sample_mm[{i}]", $"{Format(values[i])} mm is listed twice; distances must be distinct");
            }
        }

        distances.ReportUnknownKeys();
        return new DistanceAxis(values);
    }

    public static TileAxis? Tiles(MappingReader? tiles)
    {
        if (tiles is null)
        {
            return null;
        }

        bool explicitForm = tiles.Has("positions_mm");
        bool countForm = tiles.Has("start_mm") || tiles.Has("count") || tiles.Has("overlap_mm");
        tiles.ExactlyOneOf("positions_mm", "start_mm + count + overlap_mm", explicitForm, countForm);
        TileAxis axis;
        if (explicitForm && !countForm)
        {
            IReadOnlyList<double> positions = tiles.Numbers("positions_mm") ?? [];
            if (positions.Count < 2)
            {
                tiles.Context.Error(tiles.Take("positions_mm")!, "tiles.positions_mm", "needs at least two tile positions");
            }

            axis = new TileAxis(positions, double.NaN, positions.Count, double.NaN);
        }
        else
        {
            double start = tiles.Number("start_mm", required: true) ?? double.NaN;
            int count = tiles.Integer("count", required: true) ?? 0;
            double overlap = tiles.Number("overlap_mm", required: true) ?? double.NaN;
            if (count < 2 && tiles.Has("count"))
            {
                tiles.Fail("count", "must be at least 2 (one tile is a plain scan: leave out the tiles section)");
            }

            if (overlap <= 0)
            {
                tiles.Fail("overlap_mm", "must be > 0: neighbouring tiles must overlap to be stitched");
            }
            axis = new TileAxis(null, start, count, overlap);
        }

        tiles.ReportUnknownKeys();
        return axis;
    }

    private static RotationAxis StepForm(MappingReader rotation, double start, RotationMode mode)
    {
        double stop = rotation.Number("stop_deg", required: true) ?? double.NaN;
        double step = rotation.Number("step_deg", required: true) ?? double.NaN;
        if (step <= 0)
        {
            rotation.Fail("step_deg", "must be > 0");
            return new RotationAxis(start, double.NaN, 0, mode);
        }

        if (stop <= start)
        {
            rotation.Fail("stop_deg", $"must be greater than start_deg ({Format(start)}): the range is empty");
            return new RotationAxis(start, step, 0, mode);
        }

        if (!double.IsFinite(start + stop + step))
        {
            return new RotationAxis(start, step, 0, mode);
        }

        int count = AngleGrid.CountFromStep(start, stop, step, out bool reachesStop);
        var axis = new RotationAxis(start, step, count, mode);
        if (!reachesStop)
        {
            rotation.Context.Diagnostics.Warning(rotation.Context.Map.Find("rotation.stop_deg"), "rotation.stop_deg",
                $"{Format(stop - start)}° is not a whole number of {Format(step)}° steps; the last angle is {Format(axis.LastDeg)}°");
        }

        return axis;
    }

    private static RotationAxis CountForm(MappingReader rotation, double start, RotationMode mode)
    {
        double range = rotation.Positive("range_deg", required: true) ?? double.NaN;
        int? count = rotation.Integer("count", required: true);
        bool endpoint = rotation.Boolean("endpoint") ?? false;
        if (count <= 0)
        {
            rotation.Fail("count", "must be > 0");
            return new RotationAxis(start, double.NaN, 0, mode);
        }

        if (endpoint && count == 1)
        {
            rotation.Fail("count", "must be at least 2 when endpoint is true (both ends are angles)");
            return new RotationAxis(start, double.NaN, 0, mode);
        }

        return range > 0 && count is { } n
            ? new RotationAxis(start, AngleGrid.StepFromCount(range, n, endpoint), n, mode)
            : new RotationAxis(start, double.NaN, 0, mode);
    }

    private static EnergyRegion? Region(MappingReader region)
    {
        double? from = region.Positive("from_ev", required: true);
        double? to = region.Number("to_ev", required: true);
        double? step = region.Positive("step_ev", required: true);
        region.ReportUnknownKeys();
        if (to < from)
        {
            region.Fail("to_ev", $"must not be below from_ev ({Format(from!.Value)}): the region is empty");
            return null;
        }

        return from is { } f && to is { } t && step is { } s ? new EnergyRegion(f, t, s) : null;
    }

    private static void CheckRegionsAscending(MappingReader energy, List<(int Index, EnergyRegion Region)> regions)
    {
        for (int i = 1; i < regions.Count; i++)
        {
            double previousLast = regions[i - 1].Region.EnergiesEv()[^1];
            if (regions[i].Region.FromEv <= previousLast)
            {
                energy.Fail($"regions[{regions[i].Index}].from_ev",
                    $"{Format(regions[i].Region.FromEv)} eV is not above the last energy of the previous region ({Format(previousLast)} eV); regions must ascend without overlap");
            }
        }
    }

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
