using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;

namespace XrayController.Core.Tests.Instruments;

public class InstrumentProfileReaderTests
{
    [Theory]
    [InlineData("demo")]
    [InlineData("lab-xrm")]
    [InlineData("holotomo")]
    [InlineData("txm-xanes")]
    [InlineData("holotomo-demo")]
    public void Shipped_profiles_read_without_findings(string name)
    {
        InstrumentProfile profile = TestPlans.Profile(name);

        Assert.Equal(name, profile.Name);
        Assert.True(profile.Simulated);
    }

    [Fact]
    public void Lab_profile_gives_the_study_geometry()
    {
        InstrumentProfile lab = TestPlans.Profile("lab-xrm");

        Assert.Equal(4.9, lab.Geometry.Magnification(), 12);
        Assert.Equal(10.1, ProfileGeometry.EffectivePixelUm(lab), 2);
        Assert.Equal((2940, 2304), (lab.Detector.Columns, lab.Detector.Rows));
        Assert.Contains(Technique.ConeCt, lab.Techniques);
    }

    [Fact]
    public void Holotomo_profile_gives_70_nm_pixels_at_the_first_distance()
    {
        InstrumentProfile holo = TestPlans.Profile("holotomo");

        Assert.Equal(0.0695, ProfileGeometry.EffectivePixelUm(holo, 35.0), 4);
    }

    [Theory]
    [InlineData("[0.08, -0.05, 1]", "must be [across, up]")]
    [InlineData("[20, 0]", "within ±10 mrad")]
    public void A_bad_travel_misalignment_is_refused(string value, string message)
    {
        string text = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Instrument("holotomo-demo"))
            .Replace("[0.08, -0.05]", value, StringComparison.Ordinal);

        Diagnostic error = Assert.Single(InstrumentProfileReader.Read(text, "x.json").Diagnostics, d => d.IsError);

        Assert.Equal("simulation.travel_misalignment_mrad", error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_size_and_detector_blur_belong_to_the_holotomography_renderer()
    {
        string text = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Instrument("demo"))
            .Replace("\"seed\":", "\"detector_blur_px\": 0.5, \"seed\":", StringComparison.Ordinal);

        Diagnostic error = Assert.Single(InstrumentProfileReader.Read(text, "x.json").Diagnostics, d => d.IsError);

        Assert.Equal("simulation.detector_blur_px", error.Path);
        Assert.Contains("cathode-piece", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_detector_translation_belongs_to_a_cone_beam_from_a_fixed_source()
    {
        string text = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Instrument("demo"))
            .Replace("\"sample_x\":", "\"detector_x\": { \"min_mm\": -5, \"max_mm\": 5, \"speed_mm_s\": 5, \"acceleration_mm_s2\": 50, \"settle_s\": 0.01 },\n    \"sample_x\":", StringComparison.Ordinal);

        Diagnostic error = Assert.Single(InstrumentProfileReader.Read(text, "x.json").Diagnostics, d => d.IsError);

        Assert.Equal("axes", error.Path);
        Assert.Contains("detector_x moves a flat panel across a cone beam from a fixed source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_holotomography_demo_profile_has_a_misaligned_travel_and_a_cathode_piece()
    {
        SimulationProfile simulation = TestPlans.Profile("holotomo-demo").Simulation!;

        Assert.Equal((0.08, -0.05), simulation.TravelMisalignmentMrad);
        Assert.Equal(0.02, simulation.SourceSizeUm);
        Assert.Equal(0.5, simulation.DetectorBlurPx);
        Assert.Equal(PhantomKind.CathodePiece, simulation.Phantom);
        Assert.Equal(30, simulation.ParticleCount);
    }

    [Fact]
    public void Json_errors_carry_line_column_and_path()
    {
        const string json = """
            {
              "name": "x",
              "simulated": "yes",
              "techniques": ["parallel-ct", "x-ray-magic"],
              "geometry": { "beam": "parallel" },
              "rotation": { "min_deg": 10, "max_deg": 0, "speed_deg_s": 1, "acceleration_deg_s2": 1, "settle_s": 0, "encoder_counts_per_deg": 1 },
              "axes": { "sample_x": { "min_mm": 0, "max_mm": 1, "speed_mm_s": 0, "acceleration_mm_s2": 1, "settle_s": 0 } },
              "detector": { "kind": "ccd", "columns": 128, "rows": 128, "pixel_size_um": 6.5, "bit_depth": 16,
                            "min_exposure_s": 0.001, "max_exposure_s": 1, "readout_s": 0.01, "colour": "red" }
            }
            """;

        IReadOnlyList<Diagnostic> errors = [.. InstrumentProfileReader.Read(json, "x.json").Diagnostics.Where(d => d.IsError)];

        Assert.Equal(
            ["simulated", "techniques[1]", "rotation.max_deg", "axes.sample_x.speed_mm_s", "detector.colour"],
            errors.Select(e => e.Path));
        Assert.Equal([3, 4, 6, 7, 9], errors.Select(e => e.Location.Line));
        Assert.All(errors, e => Assert.Equal("x.json", e.Source));
    }
}
