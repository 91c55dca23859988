using XrayController.Core.Instruments;
using XrayController.Simulators.Physics.Holography;
using XrayController.Tests.Shared;

namespace XrayController.Simulators.Tests;

public class HolographicSceneTests
{
    private static InstrumentProfile Profile(string name, Func<string, string>? edit = null)
    {
        string text = File.ReadAllText(RepositoryPaths.Instrument(name));
        InstrumentProfileReadResult read = InstrumentProfileReader.Read(edit is null ? text : edit(text), name + ".json");
        Assert.True(read.Succeeded, string.Join("; ", read.Diagnostics));
        return read.Profile!;
    }

    [Fact]
    public void The_holotomography_profiles_simulate_a_cathode_piece_inside_the_field_at_every_distance()
    {
        SimulationScene scene = SimulationScene.Create(Profile("holotomo-demo"));

        CathodePiece piece = Assert.IsType<CathodePiece>(scene.Sample);
        Assert.NotEmpty(piece.Particles);
        double fieldHalfWidthMm = 256 * 2.4e-3 / (1208 / 35.0) / 2;
        Assert.True(piece.RadiusMm < 0.8 * fieldHalfWidthMm);
        Assert.True(piece.GapMm > 0 && piece.FoilTopMm > piece.BottomMm);
        Assert.Null(SimulationScene.WhyNotSimulatable(Profile("holotomo")));
    }

    [Fact]
    public void The_beam_state_carries_the_focus_to_sample_distance_and_the_sideways_motion_of_a_misaligned_travel()
    {
        SimulationScene scene = SimulationScene.Create(Profile("holotomo-demo"));

        BeamState beam = scene.Beam(33600, name => name == InstrumentProfile.FocusToSample ? 41.0 : 0);
        BeamState atStart = scene.Beam(33600, name => name == InstrumentProfile.FocusToSample ? 35.0 : 0);

        Assert.Equal(41.0, beam.FocusToSampleMm);
        Assert.Equal(33600, beam.EnergyEv);
        Assert.Equal(0.08e-3 * 6, beam.DriftXMm - atStart.DriftXMm, 12);
        Assert.Equal(-0.05e-3 * 6, beam.DriftZMm - atStart.DriftZMm, 12);
        Assert.Equal((0.0, 0.0), (atStart.DriftXMm, atStart.DriftZMm));
    }

    [Theory]
    [InlineData("\"source_to_detector_mm\": 1208.0", "\"source_to_object_mm\": 35.0, \"source_to_detector_mm\": 1208.0", "no fixed source_to_object_mm")]
    [InlineData("\"min_ev\": 16000", "\"min_ev\": 8000", "tabulated for 16000–34000 eV")]
    public void A_cathode_piece_the_simulator_cannot_render_is_refused_with_the_reason(string from, string to, string reason)
    {
        InstrumentProfile profile = Profile("holotomo-demo", text => text.Replace(from, to, StringComparison.Ordinal));

        Assert.Contains(reason, SimulationScene.WhyNotSimulatable(profile), StringComparison.Ordinal);
    }
}
