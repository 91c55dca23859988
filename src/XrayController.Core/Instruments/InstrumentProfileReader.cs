using XrayController.Core.Diagnostics;
using XrayController.Core.Optics;
using XrayController.Core.Plans;
using XrayController.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Instruments;

/// <summary>
/// Reads an instrument profile from JSON. JSON is read through the same node layer as plans, so that every error,
/// however many, names its line, column and field path.
/// </summary>
public static class InstrumentProfileReader
{
    private static readonly IReadOnlyDictionary<string, BeamKind> BeamKinds = new Dictionary<string, BeamKind>
    {
        ["parallel"] = BeamKind.Parallel,
        ["cone"] = BeamKind.Cone,
    };

    private static readonly IReadOnlyDictionary<string, DetectorKind> DetectorKinds = new Dictionary<string, DetectorKind>
    {
        ["flat-panel"] = DetectorKind.FlatPanel,
        ["ccd"] = DetectorKind.Ccd,
    };

    private static readonly IReadOnlyDictionary<string, FrameCompression> Compressions = new Dictionary<string, FrameCompression>
    {
        ["none"] = FrameCompression.None,
        ["deflate"] = FrameCompression.Deflate,
    };

    public static InstrumentProfileReadResult Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var diagnostics = new DiagnosticBag(source);
        YamlNode? root = YamlDocumentLoader.Load(text, diagnostics);
        var context = new YamlReadContext(diagnostics, new SourceMap());
        if (root is null || context.Mapping(root, string.Empty) is not { } profile)
        {
            return new InstrumentProfileReadResult(null, diagnostics.Items);
        }

        bool? simulated = profile.Boolean("simulated", required: true);
        DetectorProfile? detector = null;
        Dictionary<string, LinearAxisProfile>? axes = null;
        SafetyProfile? safety = SafetyProfileReader.Read(profile.Mapping("safety"));
        var result = new InstrumentProfile(
            profile.String("name", required: true) ?? "unnamed",
            profile.String("description"),
            simulated ?? false,
            Techniques(profile),
            Geometry(profile.Mapping("geometry", required: true)),
            Rotation(profile.Mapping("rotation", required: true)),
            axes = Axes(profile.Mapping("axes", required: true)),
            Monochromator(profile.Mapping("monochromator")),
            Source(profile.Mapping("source")),
            detector = DetectorProfileReader.Read(profile.Mapping("detector", required: true), DetectorKinds),
            Shutter(profile.Mapping("shutter"), safety, out double shutterCommandS),
            Overhead(profile.Mapping("overhead")),
            Storage(profile.Mapping("storage")),
            SimulationProfileReader.Read(profile.Mapping("simulation"), detector.Kind, [.. axes.Keys], profile.Has("beam_monitor"), safety is not null, profile.Has("environment_sensor")));
        BeamMonitorProfile? monitor = MonitoringProfileReader.BeamMonitor(profile.Mapping("beam_monitor"));
        EnvironmentSensorProfile? sensor = MonitoringProfileReader.EnvironmentSensor(profile.Mapping("environment_sensor"));
        result = result with
        {
            Configurations = Configurations(profile.Mapping("configurations")),
            Safety = safety,
            ShutterCommandS = shutterCommandS,
            ForbiddenZones = ForbiddenZonesReader.Read(profile, [.. result.Axes.Keys]),
            BeamMonitor = monitor,
            EnvironmentSensor = sensor,
            Suspenders = MonitoringProfileReader.Suspenders(profile.Mapping("suspenders"), monitor, sensor),
            Devices = DeviceConnectionsReader.Read(profile.Mapping("devices"), [.. result.Axes.Keys], result.Monochromator is not null, monitor is not null, safety is not null, result.Source is not null),
        };
        profile.ReportUnknownKeys();
        if (result.Monochromator?.ZonePlate is { } plate)
        {
            CheckZonePlate(profile, plate, result);
        }

        if (result.Monochromator?.ReferenceFoil is { } foil)
        {
            CheckFoil(profile, foil, result);
        }

        if ((result.Axes.ContainsKey(InstrumentProfile.CentringX) || result.Axes.ContainsKey(InstrumentProfile.CentringY)) && (result.Geometry.Beam != BeamKind.Cone || result.Geometry.SourceToObjectMm is null))
        {
            profile.Fail("axes", $"the centring stages ({InstrumentProfile.CentringX}, {InstrumentProfile.CentringY}) are simulated for a cone beam from a fixed source (a lab microscope's local tomography); this instrument's geometry is not one");
        }

        if (result.Axes.ContainsKey(InstrumentProfile.DetectorX) && (result.Geometry.Beam != BeamKind.Cone || result.Geometry.SourceToObjectMm is null))
        {
            profile.Fail("axes", $"{InstrumentProfile.DetectorX} moves a flat panel across a cone beam from a fixed source; this instrument's geometry is not one (offset a parallel beam's axis with sample_x instead)");
        }

        if (simulated == false && result.Devices is null)
        {
            profile.Fail("devices", "a real instrument needs a devices section (driver and port of every device)");
        }

        if (result.Simulated && result.Simulation is null)
        {
            profile.Fail("simulation", "a simulated profile needs a simulation section (phantom, photons, noise, true rotation axis)");
        }

        return new InstrumentProfileReadResult(result, diagnostics.Items);
    }

    private static HashSet<Technique> Techniques(MappingReader profile)
    {
        var techniques = new HashSet<Technique>();
        IReadOnlyList<YamlNode> items = profile.Sequence("techniques", required: true) ?? [];
        for (int i = 0; i < items.Count; i++)
        {
            if (profile.Context.Choice(items[i], YamlReadContext.Item("techniques", i), PlanNames.Techniques) is { } technique)
            {
                techniques.Add(technique);
            }
        }

        return techniques;
    }

    private static Dictionary<string, DetectorConfigurationProfile> Configurations(MappingReader? configurations)
    {
        var result = new Dictionary<string, DetectorConfigurationProfile>(StringComparer.Ordinal);
        if (configurations is null)
        {
            return result;
        }

        foreach ((YamlNode key, YamlNode value) in ((YamlMappingNode)configurations.Node).Children)
        {
            string name = (key as YamlScalarNode)?.Value ?? string.Empty;
            configurations.Take(name);
            if (configurations.Context.Mapping(value, YamlReadContext.Child("configurations", name)) is not { } configuration)
            {
                continue;
            }

            var read = new DetectorConfigurationProfile(
                configuration.String("description"),
                Geometry(configuration.Mapping("geometry", required: true)),
                DetectorProfileReader.Read(configuration.Mapping("detector", required: true), DetectorKinds),
                configuration.Number("rotation_axis_px"));
            configuration.ReportUnknownKeys();
            result[name] = read;
        }

        return result;
    }

    private static BeamGeometryProfile Geometry(MappingReader? geometry)
    {
        if (geometry is null)
        {
            return new BeamGeometryProfile(BeamKind.Parallel, 1.0, null, null);
        }

        BeamKind beam = geometry.Choice("beam", BeamKinds, required: true) ?? BeamKind.Parallel;
        double optical = geometry.Positive("optical_magnification") ?? 1.0;
        double? sod = geometry.Positive("source_to_object_mm");
        double? sdd = geometry.Positive("source_to_detector_mm", required: beam == BeamKind.Cone);
        if (beam == BeamKind.Parallel && (sod is not null || sdd is not null))
        {
            geometry.Fail("beam", "a parallel beam has no source distances; use \"cone\" or remove them");
        }

        if (sod is not null && sdd is not null && sdd <= sod)
        {
            geometry.Fail("source_to_detector_mm", "must be greater than source_to_object_mm (the detector is behind the sample)");
        }

        geometry.ReportUnknownKeys();
        return new BeamGeometryProfile(beam, optical, sod, sdd);
    }

    private static RotationProfile Rotation(MappingReader? rotation)
    {
        if (rotation is null)
        {
            return new RotationProfile(double.NaN, double.NaN, 1, 1, 0, 1, 0);
        }

        var result = new RotationProfile(
            rotation.Number("min_deg", required: true) ?? double.NaN,
            rotation.Number("max_deg", required: true) ?? double.NaN,
            rotation.Positive("speed_deg_s", required: true) ?? 1,
            rotation.Positive("acceleration_deg_s2", required: true) ?? 1,
            rotation.NonNegative("settle_s", required: true) ?? 0,
            rotation.Positive("encoder_counts_per_deg", required: true) ?? 1,
            rotation.Number("initial_deg") ?? 0,
            rotation.NonNegative("command_s") ?? 0);
        if (result.MaxDeg <= result.MinDeg)
        {
            rotation.Fail("max_deg", "must be greater than min_deg");
        }

        rotation.ReportUnknownKeys();
        return result;
    }

    private static Dictionary<string, LinearAxisProfile> Axes(MappingReader? axes)
    {
        var result = new Dictionary<string, LinearAxisProfile>(StringComparer.Ordinal);
        if (axes is null)
        {
            return result;
        }

        foreach ((YamlNode key, YamlNode value) in ((YamlMappingNode)axes.Node).Children)
        {
            string name = (key as YamlScalarNode)?.Value ?? string.Empty;
            axes.Take(name);
            if (axes.Context.Mapping(value, YamlReadContext.Child("axes", name)) is not { } axis)
            {
                continue;
            }

            var profile = new LinearAxisProfile(
                name,
                axis.Number("min_mm", required: true) ?? double.NaN,
                axis.Number("max_mm", required: true) ?? double.NaN,
                axis.Positive("speed_mm_s", required: true) ?? 1,
                axis.Positive("acceleration_mm_s2", required: true) ?? 1,
                axis.NonNegative("settle_s", required: true) ?? 0,
                axis.Number("initial_mm") ?? 0,
                axis.NonNegative("command_s") ?? 0);
            if (profile.MaxMm <= profile.MinMm)
            {
                axis.Fail("max_mm", "must be greater than min_mm");
            }
            else if (profile.InitialMm < profile.MinMm || profile.InitialMm > profile.MaxMm)
            {
                axis.Fail("initial_mm", "must lie between min_mm and max_mm");
            }

            axis.ReportUnknownKeys();
            result[name] = profile;
        }

        return result;
    }

    private static MonochromatorProfile? Monochromator(MappingReader? mono)
    {
        if (mono is null)
        {
            return null;
        }

        string crystal = mono.String("crystal", required: true) ?? BraggMonochromator.Si111;
        if (!BraggMonochromator.DSpacingsAngstrom.TryGetValue(crystal, out double dSpacing))
        {
            mono.Fail("crystal", $"'{crystal}' is not a known crystal; known: {string.Join(", ", BraggMonochromator.DSpacingsAngstrom.Keys)}");
            dSpacing = BraggMonochromator.DSpacingsAngstrom[BraggMonochromator.Si111];
        }

        var result = new MonochromatorProfile(
            dSpacing,
            mono.Positive("min_ev", required: true) ?? double.NaN,
            mono.Positive("max_ev", required: true) ?? double.NaN,
            mono.Positive("bragg_speed_deg_s", required: true) ?? 1,
            mono.Positive("bragg_acceleration_deg_s2", required: true) ?? 1,
            mono.NonNegative("settle_s", required: true) ?? 0,
            mono.Positive("initial_ev") ?? double.NaN,
            mono.NonNegative("command_s") ?? 0);
        if (result.MaxEv <= result.MinEv)
        {
            mono.Fail("max_ev", "must be greater than min_ev");
        }

        result = result with { ZonePlate = OpticsProfileReader.ZonePlate(mono.Mapping("zone_plate")), ReferenceFoil = OpticsProfileReader.ReferenceFoil(mono.Mapping("reference_foil")) };
        mono.ReportUnknownKeys();
        return double.IsNaN(result.InitialEv) ? result with { InitialEv = result.MinEv } : result;
    }

    /// <summary>The reference foil's axis must exist and reach both the in-beam and the out-of-beam position.</summary>
    private static void CheckFoil(MappingReader profile, ReferenceFoil foil, InstrumentProfile result)
    {
        const string Path = "monochromator.reference_foil";
        if (!result.Axes.TryGetValue(foil.Axis, out LinearAxisProfile? axis))
        {
            profile.Fail("monochromator", $"{Path}.axis '{foil.Axis}' is not one of the profile's axes ({string.Join(", ", result.Axes.Keys)})");
            return;
        }

        foreach ((string key, double mm) in new[] { ("in_mm", foil.InMm), ("out_mm", foil.OutMm) })
        {
            if (mm < axis.MinMm || mm > axis.MaxMm)
            {
                profile.Fail("monochromator", $"{Path}.{key} {mm} mm is outside axis {foil.Axis}'s {axis.MinMm} to {axis.MaxMm} mm");
            }
        }
    }

    /// <summary>The zone plate's axis must exist and reach the in-focus position at both ends of the energy range.</summary>
    private static void CheckZonePlate(MappingReader profile, ZonePlate plate, InstrumentProfile result)
    {
        const string Path = "monochromator.zone_plate";
        if (!result.Axes.TryGetValue(plate.Axis, out LinearAxisProfile? axis))
        {
            profile.Fail("monochromator", $"{Path}.axis '{plate.Axis}' is not one of the profile's axes ({string.Join(", ", result.Axes.Keys)})");
            return;
        }

        foreach (double energyEv in new[] { result.Monochromator!.MinEv, result.Monochromator.MaxEv })
        {
            double p = plate.SampleDistanceMm(energyEv);
            if (double.IsNaN(p) || p < axis.MinMm || p > axis.MaxMm)
            {
                profile.Fail("monochromator", $"{Path}: at {energyEv} eV the zone plate focuses at {p:0.###} mm from the sample, outside axis {plate.Axis}'s {axis.MinMm} to {axis.MaxMm} mm");
            }
        }
    }

    private static SourceProfile? Source(MappingReader? source)
    {
        if (source is null)
        {
            return null;
        }

        var result = new SourceProfile(
            source.Positive("min_kv", required: true) ?? double.NaN,
            source.Positive("max_kv", required: true) ?? double.NaN,
            source.Positive("max_ua", required: true) ?? double.NaN,
            source.Positive("max_power_w", required: true) ?? double.NaN)
        {
            WarmUpS = source.NonNegative("warm_up_s") ?? 0,
            CommandS = source.NonNegative("command_s") ?? 0,
        };
        if (source.Positive("default_kv") is { } kv && source.Positive("default_ua", required: true) is { } ua)
        {
            result = result with { DefaultOperatingPoint = (kv, ua) };
        }

        source.ReportUnknownKeys();
        return result;
    }

    /// <summary>The main shutter's timing: the <c>shutter</c> section's (a GCS output line) or, with a <c>safety</c> section, its main shutter's.</summary>
    private static double Shutter(MappingReader? shutter, SafetyProfile? safety, out double commandS)
    {
        if (safety is not null)
        {
            shutter?.Fail(string.Empty, "the main shutter is the safety section's (GPIO); remove this section");
            commandS = 0;
            return safety.MainShutter.ActuationS;
        }

        double actuation = shutter?.NonNegative("actuation_s", required: true) ?? 0;
        commandS = shutter?.NonNegative("command_s") ?? 0;
        shutter?.ReportUnknownKeys();
        return actuation;
    }

    private static OverheadProfile Overhead(MappingReader? overhead)
    {
        var result = new OverheadProfile(overhead?.NonNegative("per_frame_s") ?? 0, overhead?.NonNegative("per_scan_s") ?? 0);
        overhead?.ReportUnknownKeys();
        return result;
    }

    private static StorageProfile Storage(MappingReader? storage)
    {
        var result = new StorageProfile(
            storage?.NonNegative("reserve_gb") ?? 1.0,
            storage?.Choice("compression", Compressions) ?? FrameCompression.None);
        storage?.ReportUnknownKeys();
        return result;
    }
}
