using XrayController.Core.Yaml;

namespace XrayController.Core.Instruments;

internal static class SimulationProfileReader
{
    private static readonly IReadOnlyDictionary<string, PhantomKind> Phantoms = new Dictionary<string, PhantomKind>
    {
        ["shepp-logan"] = PhantomKind.SheppLogan,
        ["battery"] = PhantomKind.Battery,
    };

    public static SimulationProfile? Read(MappingReader? simulation, DetectorKind detector)
    {
        if (simulation is null)
        {
            return null;
        }

        var result = new SimulationProfile(
            simulation.Choice("phantom", Phantoms, required: true) ?? PhantomKind.SheppLogan,
            simulation.Positive("max_line_integral", required: true) ?? 1.0,
            simulation.Positive("photons_per_pixel_per_s", required: true) ?? 1.0,
            simulation.NonNegative("dark_counts", required: true) ?? 0,
            simulation.NonNegative("read_noise_counts", required: true) ?? 0,
            simulation.NonNegative("flat_nonuniformity", required: true) ?? 0,
            simulation.Number("rotation_axis_px", required: true) ?? 0,
            simulation.Integer("seed") ?? 1,
            simulation.NonNegative("dark_current_counts_per_s") ?? 0,
            simulation.Positive("gain_e_per_count") ?? 1,
            simulation.NonNegative("lag_fraction") ?? 0);
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

        simulation.ReportUnknownKeys();
        return result;
    }
}
