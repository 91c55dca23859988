using XrayController.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace XrayController.Core.Instruments;

internal static class SimulationProfileReader
{
    private static readonly IReadOnlyDictionary<string, PhantomKind> Phantoms = new Dictionary<string, PhantomKind>
    {
        ["shepp-logan"] = PhantomKind.SheppLogan,
        ["battery"] = PhantomKind.Battery,
        ["nmc-particles"] = PhantomKind.NmcParticles,
        ["cathode-piece"] = PhantomKind.CathodePiece,
        ["jelly-roll"] = PhantomKind.JellyRoll,
    };

    public static SimulationProfile? Read(MappingReader? simulation, DetectorKind detector, IReadOnlyCollection<string> axisNames, bool hasBeamMonitor, bool hasSafety, bool hasSensor)
    {
        if (simulation is null)
        {
            return null;
        }

        PhantomKind phantom = simulation.Choice("phantom", Phantoms, required: true) ?? PhantomKind.SheppLogan;
        bool physical = phantom is PhantomKind.NmcParticles or PhantomKind.CathodePiece or PhantomKind.JellyRoll;
        int maxParticles = phantom == PhantomKind.CathodePiece ? 60 : 12;
        var result = new SimulationProfile(
            phantom,
            physical ? 1.0 : simulation.Positive("max_line_integral", required: true) ?? 1.0,
            simulation.Positive("photons_per_pixel_per_s", required: true) ?? 1.0,
            simulation.NonNegative("dark_counts", required: true) ?? 0,
            simulation.NonNegative("read_noise_counts", required: true) ?? 0,
            simulation.NonNegative("flat_nonuniformity", required: true) ?? 0,
            simulation.Number("rotation_axis_px", required: true) ?? 0,
            simulation.Integer("seed") ?? 1,
            simulation.NonNegative("dark_current_counts_per_s") ?? 0,
            simulation.Positive("gain_e_per_count") ?? 1,
            simulation.NonNegative("lag_fraction") ?? 0,
            physical ? simulation.Integer("particle_count") ?? 4 : 4);
        if (physical && simulation.Has("max_line_integral"))
        {
            simulation.Fail("max_line_integral", "nmc-particles and cathode-piece are made of real materials (tabulated cross sections and refractive indices), so no scale is set");
        }
        else if (!physical && simulation.Has("particle_count"))
        {
            simulation.Fail("particle_count", "only the nmc-particles and cathode-piece phantoms have a particle count");
        }
        else if (result.ParticleCount < 1 || result.ParticleCount > maxParticles)
        {
            simulation.Fail("particle_count", $"must be 1 to {maxParticles}");
        }

        if (result.LagFraction >= 1)
        {
            simulation.Fail("lag_fraction", "must be below 1 (the share of a frame's signal left in the next)");
        }
        else if (result.LagFraction > 0 && detector != DetectorKind.FlatPanel)
        {
            simulation.Fail("lag_fraction", "lag is a property of flat panels (detector.kind: flat-panel)");
        }
        if (result.FlatNonUniformity >= 1)
        {
            simulation.Fail("flat_nonuniformity", "must be below 1 (a relative amplitude)");
        }

        result = result with { Faults = Faults(simulation, axisNames, hasBeamMonitor, hasSafety, hasSensor), ImageDriftPx = simulation.NonNegative("image_drift_px") ?? 0, EnergyOffsetEv = simulation.Number("energy_offset_ev") ?? 0 };
        if (Math.Abs(result.EnergyOffsetEv) > 50)
        {
            simulation.Fail("energy_offset_ev", "must be within ±50 eV (a monochromator's calibration error, not another edge)");
        }

        result = result with { SourceSizeUm = simulation.NonNegative("source_size_um") ?? 0, DetectorBlurPx = simulation.NonNegative("detector_blur_px") ?? 0 };
        result = result with { TemperatureC = simulation.Number("temperature_c") ?? 22, TemperatureDriftCPerHour = simulation.Number("temperature_drift_c_per_h") ?? 0 };
        if ((result.SourceSizeUm > 0 || result.DetectorBlurPx > 0) && phantom != PhantomKind.CathodePiece)
        {
            simulation.Fail(result.SourceSizeUm > 0 ? "source_size_um" : "detector_blur_px", "only the holotomography renderer (phantom: cathode-piece) models the source size and detector blur");
        }

        if (simulation.Numbers("travel_misalignment_mrad") is { } travel)
        {
            if (travel.Count != 2 || travel.Any(t => Math.Abs(t) > 10))
            {
                simulation.Fail("travel_misalignment_mrad", "must be [across, up], each within ±10 mrad");
            }
            else if (!axisNames.Contains(InstrumentProfile.FocusToSample))
            {
                simulation.Fail("travel_misalignment_mrad", $"belongs to an instrument with a {InstrumentProfile.FocusToSample} axis (holotomography)");
            }
            else
            {
                result = result with { TravelMisalignmentMrad = (travel[0], travel[1]) };
            }
        }

        simulation.ReportUnknownKeys();
        return result;
    }

    internal static List<SimulatedFault> Faults(MappingReader simulation, IReadOnlyCollection<string> axisNames, bool hasBeamMonitor, bool hasSafety, bool hasSensor = false)
    {
        var faults = new List<SimulatedFault>();
        IReadOnlyList<YamlNode> items = simulation.Sequence("faults") ?? [];
        for (int i = 0; i < items.Count; i++)
        {
            if (simulation.Context.Mapping(items[i], YamlReadContext.Item(YamlReadContext.Child(simulation.Path, "faults"), i)) is not { } fault)
            {
                continue;
            }

            string device = fault.String("device", required: true) ?? SimulatedFault.Stage;
            string kind = fault.String("kind", required: true) ?? "silent";
            int after = fault.Integer("after") ?? 0;
            IReadOnlyList<string>? kinds = device switch
            {
                SimulatedFault.Stage => SimulatedFault.StageKinds,
                SimulatedFault.Detector => SimulatedFault.DetectorKinds,
                SimulatedFault.Shutter or SimulatedFault.Monochromator => SimulatedFault.LineKinds,
                SimulatedFault.BeamMonitor when hasBeamMonitor => SimulatedFault.BeamMonitorKinds,
                SimulatedFault.Interlock when hasSafety => SimulatedFault.InterlockKinds,
                SimulatedFault.Environment when hasSensor => SimulatedFault.EnvironmentKinds,
                SimulatedFault.Source => SimulatedFault.LineKinds,
                _ when axisNames.Contains(device) => SimulatedFault.LineKinds,
                _ => null,
            };
            if (kinds is null)
            {
                fault.Fail("device", $"'{device}' is not a simulated device (stage, shutter, monochromator, detector{(hasBeamMonitor ? ", beam_monitor" : string.Empty)}{(hasSafety ? ", interlock" : string.Empty)}, {string.Join(", ", axisNames)})");
            }
            else if (!kinds.Contains(kind))
            {
                fault.Fail("kind", $"'{kind}' is not a fault of {device}; one of {string.Join(", ", kinds)}");
            }

            if (after < 0)
            {
                fault.Fail("after", "must be ≥ 0");
            }

            double durationS = SimulatedFault.TimedKinds.Contains(kind) ? fault.Positive("duration_s") ?? 2 : 2;
            fault.ReportUnknownKeys();
            faults.Add(new SimulatedFault(device, kind, after) { DurationS = durationS });
        }

        return faults;
    }
}
