using XrayController.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Plans;

/// <summary>Reads the non-axis sections of a plan: sample, detector, source, roi, flats/darks, reconstruction.</summary>
internal static class PlanSectionReader
{
    private static readonly char[] SampleAxes = ['x', 'y', 'z'];

    public static SampleSettings Sample(MappingReader? sample)
    {
        if (sample is null)
        {
            return new SampleSettings("unnamed", new Dictionary<char, double>(), new Dictionary<char, double>());
        }

        string name = sample.String("name", required: true) ?? "unnamed";
        Dictionary<char, double> inBeam = AxisOffsets(sample.Mapping("in_beam"));
        Dictionary<char, double> outOfBeam = AxisOffsets(sample.Mapping("out_of_beam"));
        if (sample.Take("out_of_beam") is { } node && outOfBeam.Count > 0 && outOfBeam.Values.All(v => v == 0))
        {
            sample.Context.Error(node, "sample.out_of_beam", "moves the sample nowhere; give a non-zero offset on at least one axis");
        }

        sample.ReportUnknownKeys();
        return new SampleSettings(name, inBeam, outOfBeam);
    }

    public static DetectorSettings Detector(MappingReader? detector)
    {
        if (detector is null)
        {
            return new DetectorSettings(double.NaN, 1);
        }

        double exposure = detector.Positive("exposure_s", required: true) ?? double.NaN;
        int binning = detector.Integer("binning") ?? 1;
        if (binning <= 0)
        {
            detector.Fail("binning", "must be > 0");
        }

        double? offset = detector.Number("offset_mm");
        string? configuration = detector.String("configuration");
        detector.ReportUnknownKeys();
        return new DetectorSettings(exposure, Math.Max(binning, 1), offset, configuration);
    }

    public static SourceSettings? Source(MappingReader? source)
    {
        if (source is null)
        {
            return null;
        }

        double voltage = source.Positive("voltage_kv", required: true) ?? double.NaN;
        double current = source.Positive("current_ua", required: true) ?? double.NaN;
        source.ReportUnknownKeys();
        return new SourceSettings(voltage, current);
    }

    public static RoiSettings? Roi(MappingReader? roi)
    {
        if (roi is null)
        {
            return null;
        }

        (double x, double y, double z) = roi.Has("from") ? FromDefectList(roi) : (
            roi.Number("x_mm", required: true) ?? double.NaN,
            roi.Number("y_mm", required: true) ?? double.NaN,
            roi.Number("z_mm", required: true) ?? double.NaN);
        var settings = new RoiSettings(x, y, z, roi.Positive("diameter_mm", required: true) ?? double.NaN, roi.Positive("voxel_um", required: true) ?? double.NaN);
        roi.ReportUnknownKeys();
        return settings;
    }

    /// <summary>
    /// The centre of one defect of a cell inspection's list (<c>from</c>, a path relative to the plan's folder, and
    /// <c>index</c>, 0 the first), in place of <c>x_mm</c>, <c>y_mm</c>, <c>z_mm</c>.
    /// </summary>
    private static (double X, double Y, double Z) FromDefectList(MappingReader roi)
    {
        foreach (string key in new[] { "x_mm", "y_mm", "z_mm" }.Where(roi.Has))
        {
            roi.Take(key);
            roi.Fail(key, "roi takes its centre from 'from' and 'index', or from x_mm, y_mm and z_mm, not both");
        }

        string? from = roi.String("from", required: true);
        int? index = roi.Integer("index", required: true);
        if (from is null || index is null)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(roi.Context.Diagnostics.Source)) ?? Directory.GetCurrentDirectory();
        string path = Path.IsPathRooted(from) ? from : Path.GetFullPath(Path.Combine(folder, from));
        if (DefectList.Read(path, index.Value, out DefectListError? error) is not { } defect)
        {
            roi.Fail(error!.Key, error.Message);
            return (double.NaN, double.NaN, double.NaN);
        }

        return (defect.XMm, defect.YMm, defect.ZMm);
    }

    public static ReferenceSchedule References(MappingReader? references)
    {
        if (references is null)
        {
            return ReferenceSchedule.None;
        }

        int count = references.Integer("count", required: true) ?? 0;
        int? everyN = references.Integer("every_n_projections");
        var at = new HashSet<ReferencePoint>();
        IReadOnlyList<YamlNode>? items = references.Sequence("at");
        for (int i = 0; i < (items?.Count ?? 0); i++)
        {
            string path = YamlReadContext.Item(YamlReadContext.Child(references.Path, "at"), i);
            if (references.Context.Choice(items![i], path, PlanNames.ReferencePoints) is { } point && !at.Add(point))
            {
                references.Context.Error(items[i], path, "is listed twice");
            }
        }

        if (count <= 0 && references.Has("count"))
        {
            references.Fail("count", "must be > 0 (leave the section out to take none)");
        }

        if (everyN <= 0)
        {
            references.Fail("every_n_projections", "must be > 0");
        }

        if (at.Count == 0 && everyN is null)
        {
            references.Fail(string.Empty, "says when to take them: give 'at' (start, end, each_energy, each_distance, each_tile) or 'every_n_projections'");
        }

        references.ReportUnknownKeys();
        return new ReferenceSchedule(Math.Max(count, 0), at, everyN > 0 ? everyN : null);
    }

    public static ReconstructionSettings Reconstruction(MappingReader? reconstruction, Technique technique)
    {
        ReconstructionAlgorithm defaultAlgorithm = technique == Technique.ConeCt ? ReconstructionAlgorithm.Fdk : ReconstructionAlgorithm.Fbp;
        PhaseRetrieval defaultPhase = technique == Technique.Holotomography ? PhaseRetrieval.Ctf : PhaseRetrieval.None;
        if (reconstruction is null)
        {
            return new ReconstructionSettings(defaultAlgorithm, ReconstructionFilter.SheppLogan, null, defaultPhase, null);
        }

        ReconstructionAlgorithm algorithm = reconstruction.Choice("algorithm", PlanNames.Algorithms) ?? defaultAlgorithm;
        ReconstructionFilter filter = reconstruction.Choice("filter", PlanNames.Filters) ?? ReconstructionFilter.SheppLogan;
        double? center = Center(reconstruction);
        PhaseRetrieval phase = reconstruction.Choice("phase", PlanNames.PhaseMethods) ?? defaultPhase;
        double? deltaBeta = reconstruction.Positive("delta_beta");
        int? iterations = reconstruction.Integer("phase_iterations");
        if (iterations is < 0 or > 50)
        {
            reconstruction.Fail("phase_iterations", "must be 0 (the linear CTF) to 50");
        }
        else if (iterations > 0 && phase != PhaseRetrieval.Ctf)
        {
            reconstruction.Fail("phase_iterations", "refines the ctf phase retrieval; set phase: ctf or leave it out");
        }

        if (phase == PhaseRetrieval.Paganin && deltaBeta is null && !reconstruction.Has("delta_beta"))
        {
            reconstruction.Fail("phase", "paganin assumes a homogeneous object: give delta_beta (δ/β of its material, e.g. about 150 for NMC at 33.6 keV)");
        }

        Inspection inspection = reconstruction.Choice("inspection", PlanNames.Inspections) ?? Inspection.None;
        if (inspection != Inspection.None && (technique != Technique.ConeCt || algorithm == ReconstructionAlgorithm.None))
        {
            reconstruction.Fail("inspection", $"{PlanNames.Inspections.First(i => i.Value == inspection).Key} inspects the volume of a lab cone-beam scan (technique cone-ct, reconstructed)");
        }

        double? figuresEnergy = reconstruction.Positive("figures_energy_ev");
        if (figuresEnergy is not null && technique != Technique.SpectroTomography)
        {
            reconstruction.Fail("figures_energy_ev", "chooses the energy whose volume a spectro-tomography scan draws; this plan's technique has one volume");
        }

        reconstruction.ReportUnknownKeys();
        var settings = new ReconstructionSettings(algorithm, filter, center, phase, deltaBeta) { Inspection = inspection, FiguresEnergyEv = figuresEnergy };
        return iterations is { } given and >= 0 and <= 50 ? settings with { PhaseIterations = phase == PhaseRetrieval.Ctf ? given : 0 } : settings;
    }

    private static double? Center(MappingReader reconstruction)
    {
        YamlNode? node = reconstruction.Take("center");
        if (node is null || node is YamlScalarNode { Value: "auto" })
        {
            return null;
        }

        return reconstruction.Context.Number(node, "reconstruction.center");
    }

    private static Dictionary<char, double> AxisOffsets(MappingReader? offsets)
    {
        var values = new Dictionary<char, double>();
        if (offsets is null)
        {
            return values;
        }

        foreach (char axis in SampleAxes)
        {
            if (offsets.Number($"{axis}_mm") is { } value)
            {
                values[axis] = value;
            }
        }

        offsets.ReportUnknownKeys();
        return values;
    }
}
