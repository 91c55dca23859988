namespace XrayController.Tests.Shared;

/// <summary>Shrunken variants of the preset instrument profiles, for tests that scan and reconstruct in seconds.</summary>
internal static class SmallProfiles
{
    /// <summary>The lab microscope (lab-xrm) on a 128 × 64 panel of 400 µm pixels (the lab geometry's magnification 4.9), fast, bright and without lag; its phantom is the 3-D Shepp–Logan.</summary>
    public static string LabXrm() => File.ReadAllText(RepositoryPaths.Instrument("lab-xrm"))
        .Replace("\"columns\": 2940, \"rows\": 2304, \"pixel_size_um\": 49.5", "\"columns\": 128, \"rows\": 64, \"pixel_size_um\": 400", StringComparison.Ordinal)
        .Replace("\"rotation_axis_px\": 1471.3", "\"rotation_axis_px\": 64.3", StringComparison.Ordinal)
        .Replace("\"speed_deg_s\": 20, \"acceleration_deg_s2\": 50", "\"speed_deg_s\": 3600, \"acceleration_deg_s2\": 36000", StringComparison.Ordinal)
        .Replace("\"readout_s\": 0.2", "\"readout_s\": 0.001", StringComparison.Ordinal)
        .Replace("\"lag_fraction\": 0.02", "\"lag_fraction\": 0", StringComparison.Ordinal)
        .Replace("\"photons_per_pixel_per_s\": 20000", "\"photons_per_pixel_per_s\": 2000000", StringComparison.Ordinal);

    /// <summary>A cone-beam scan of the battery phantom on <see cref="LabXrm"/>: 180 projections over 360°, five flats and darks first, FDK with the axis found.</summary>
    public const string LabConePlan = """
        name: cone
        technique: cone-ct
        instrument: lab-xrm
        sample: { name: battery, out_of_beam: { x_mm: 30 } }
        detector: { exposure_s: 0.01, binning: 1 }
        rotation: { start_deg: 0, range_deg: 360, count: 180, mode: step }
        flats: { count: 5, at: [start] }
        darks: { count: 5, at: [start] }
        reconstruction: { algorithm: fdk, filter: shepp-logan, center: auto }
        """;
}
