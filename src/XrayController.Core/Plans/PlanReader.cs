using XrayController.Core.Diagnostics;
using XrayController.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Plans;

/// <summary>
/// Reads a plan from YAML text. Every error is reported with file, line, column and field path, and reading goes on
/// after an error so that all of them are reported at once; a field that failed to read holds NaN (or a neutral value)
/// so later checks skip it instead of reporting a consequence.
/// </summary>
public static class PlanReader
{
    private static readonly string[] AllowedNameCharacters = ["-", "_", "."];

    public static PlanReadResult Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var diagnostics = new DiagnosticBag(source);
        var map = new SourceMap();
        YamlNode? root = YamlDocumentLoader.Load(text, diagnostics);
        if (root is null)
        {
            return new PlanReadResult(null, diagnostics.Items);
        }

        var context = new YamlReadContext(diagnostics, map);
        MappingReader? plan = context.Mapping(root, string.Empty);
        if (plan is null)
        {
            return new PlanReadResult(null, diagnostics.Items);
        }

        Plan model = ReadPlan(plan);
        plan.ReportUnknownKeys();
        PlanConsistency.Check(model, context);
        return new PlanReadResult(new PlanDocument(model, source, text, map), diagnostics.Items);
    }

    private static Plan ReadPlan(MappingReader plan)
    {
        string name = ReadName(plan);
        Technique technique = plan.Choice("technique", PlanNames.Techniques, required: true) ?? Technique.ParallelCt;
        string instrument = plan.String("instrument", required: true) ?? string.Empty;
        string? description = plan.String("description");
        SampleSettings sample = PlanSectionReader.Sample(plan.Mapping("sample", required: true));
        DetectorSettings detector = PlanSectionReader.Detector(plan.Mapping("detector", required: true));
        RotationAxis rotation = PlanAxisReader.Rotation(plan.Mapping("rotation", required: true));
        EnergyAxis? energy = PlanAxisReader.Energy(plan.Mapping("energy"));
        DistanceAxis? distances = PlanAxisReader.Distances(plan.Mapping("distances"));
        TileAxis? tiles = PlanAxisReader.Tiles(plan.Mapping("tiles"));
        RoiSettings? roi = PlanSectionReader.Roi(plan.Mapping("roi"));
        SourceSettings? source = PlanSectionReader.Source(plan.Mapping("source"));
        ReferenceSchedule flats = PlanSectionReader.References(plan.Mapping("flats"));
        ReferenceSchedule darks = PlanSectionReader.References(plan.Mapping("darks"));
        IReadOnlyList<ScanAxis> order = ReadOrder(plan, energy, distances, tiles);
        ReconstructionSettings reconstruction = PlanSectionReader.Reconstruction(plan.Mapping("reconstruction"), technique);
        return new Plan(name, technique, instrument, description, sample, detector, rotation, energy, distances, tiles, roi, source, flats, darks, order, reconstruction);
    }

    private static string ReadName(MappingReader plan)
    {
        string? name = plan.String("name", required: true);
        if (name is null)
        {
            return "unnamed";
        }

        // The name becomes part of the output file name, so it must be safe there.
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || AllowedNameCharacters.Contains(c.ToString())))
        {
            plan.Context.Error(plan.Take("name")!, "name", $"'{name}' may hold only letters, digits, '-', '_' and '.' (it becomes part of the file name)");
        }

        return name;
    }

    private static List<ScanAxis> ReadOrder(MappingReader plan, EnergyAxis? energy, DistanceAxis? distances, TileAxis? tiles)
    {
        var present = new List<ScanAxis>();
        if (tiles is not null)
        {
            present.Add(ScanAxis.Tiles);
        }

        if (distances is not null)
        {
            present.Add(ScanAxis.Distances);
        }

        if (energy is { IsScan: true })
        {
            present.Add(ScanAxis.Energy);
        }

        present.Add(ScanAxis.Rotation);
        IReadOnlyList<YamlNode>? items = plan.Sequence("order");
        if (items is null)
        {
            return present;
        }

        var order = new List<ScanAxis>();
        for (int i = 0; i < items.Count; i++)
        {
            string path = YamlReadContext.Item("order", i);
            if (plan.Context.Choice(items[i], path, PlanNames.ScanAxes) is not { } axis)
            {
                continue;
            }

            if (order.Contains(axis))
            {
                plan.Context.Error(items[i], path, $"'{PlanNames.NameOf(PlanNames.ScanAxes, axis)}' is listed twice");
            }
            else if (!present.Contains(axis))
            {
                plan.Context.Error(items[i], path, $"'{PlanNames.NameOf(PlanNames.ScanAxes, axis)}' is not scanned by this plan (no {PlanNames.NameOf(PlanNames.ScanAxes, axis)} section{(axis == ScanAxis.Energy ? " with regions" : string.Empty)})");
            }
            else
            {
                order.Add(axis);
            }
        }

        foreach (ScanAxis missing in present.Where(a => !order.Contains(a)))
        {
            plan.Context.Error(plan.Take("order")!, "order", $"must list every scanned axis; '{PlanNames.NameOf(PlanNames.ScanAxes, missing)}' is missing");
        }

        return order.Count == present.Count ? order : present;
    }
}
