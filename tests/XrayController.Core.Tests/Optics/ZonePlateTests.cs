using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Optics;
using XrayController.Core.Plans;
using XrayController.Core.Steps;
using XrayController.Tests.Shared;

namespace XrayController.Core.Tests.Optics;

public class ZonePlateTests
{
    /// <summary>D = 150 µm, Δr = 30 nm (PROTOCOLS.md): f ≈ 29 mm at 8 keV, about 3.6 µm per eV.</summary>
    private static readonly ZonePlate Plate = new("zone_plate", 150, 30, 1400);

    [Fact]
    public void The_focal_length_grows_in_proportion_to_the_energy()
    {
        Assert.Equal(29.04, Plate.FocalLengthMm(8000), 2);
        Assert.Equal(3.63e-3, Plate.FocalLengthMm(8334) - Plate.FocalLengthMm(8333), 5);
        Assert.Equal(2.0, Plate.FocalLengthMm(16000) / Plate.FocalLengthMm(8000), 12);
    }

    [Fact]
    public void In_focus_the_lens_equation_holds_and_the_magnification_falls_by_about_the_relative_energy_change()
    {
        double p = Plate.SampleDistanceMm(8333);
        double q = 1400 - p;

        Assert.Equal(1 / Plate.FocalLengthMm(8333), (1 / p) + (1 / q), 12);
        Assert.Equal(q / p, Plate.Magnification(8333), 9);
        double relative = (Plate.Magnification(8433) / Plate.Magnification(8333)) - 1;
        Assert.InRange(relative, -100.0 / 8333 * 1.1, -100.0 / 8333 * 0.9);
    }

    [Fact]
    public void Each_energy_of_a_txm_plan_refocuses_the_zone_plate()
    {
        InstrumentProfile txm = TestPlans.Profile("txm-xanes");
        PlanDocument plan = TestPlans.Read(File.ReadAllText(RepositoryPaths.Plan("xanes-ni-kedge.yaml")));

        CompiledScan scan = PlanCompiler.Compile(plan.Plan, txm);

        TranslateStep[] focus = [.. scan.Steps.OfType<TranslateStep>().Where(t => t.Axis == "zone_plate")];
        double[] energies = [.. scan.Steps.OfType<SetEnergyStep>().Select(e => e.EnergyEv)];
        Assert.Equal(63, focus.Length);
        Assert.Equal(energies.Select(e => Math.Round(txm.Monochromator!.ZonePlate!.SampleDistanceMm(e), 4)), focus.Select(f => f.PositionMm));
    }

    /// <summary>The profile's magnification (450) holds at the monochromator's initial energy; other energies scale with the zone plate's.</summary>
    [Fact]
    public void Every_frame_of_a_txm_plan_carries_the_magnification_of_its_energy()
    {
        InstrumentProfile txm = TestPlans.Profile("txm-xanes");
        PlanDocument plan = TestPlans.Read(File.ReadAllText(RepositoryPaths.Plan("xanes-ni-kedge.yaml")));
        ZonePlate plate = txm.Monochromator!.ZonePlate!;

        CompiledScan scan = PlanCompiler.Compile(plan.Plan, txm);

        FrameInfo[] frames = [.. scan.Steps.OfType<AcquireStep>().Select(a => a.Frame)];
        Assert.All(frames, f => Assert.Equal(450 * plate.Magnification(f.EnergyEv) / plate.Magnification(8333), f.Magnification, 9));
        Assert.Equal(450, frames.First(f => f.EnergyEv == 8333).Magnification, 9);
        Assert.InRange(frames.First(f => f.EnergyEv == 8570).Magnification / frames.First(f => f.EnergyEv == 8178).Magnification, 0.95, 0.955);
        Assert.All(PlanCompiler.Compile(TestPlans.Read(File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml"))).Plan, TestPlans.Profile("demo")).Steps.OfType<AcquireStep>(), a => Assert.True(double.IsNaN(a.Frame.Magnification)));
    }

    [Fact]
    public void A_zone_plate_on_a_missing_axis_is_named()
    {
        string text = File.ReadAllText(RepositoryPaths.Instrument("txm-xanes")).Replace("\"axis\": \"zone_plate\"", "\"axis\": \"objective\"", StringComparison.Ordinal);

        Diagnostic error = Assert.Single(InstrumentProfileReader.Read(text, "txm.json").Diagnostics, d => d.IsError);

        Assert.Contains("monochromator.zone_plate.axis 'objective' is not one of the profile's axes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_measured_focus_table_replaces_the_formula_between_its_points()
    {
        var plate = Plate with { FocusTable = [(8200, 30.40), (8300, 30.80), (8500, 31.70)] };

        Assert.Equal(30.60, plate.SampleDistanceMm(8250), 9);
        Assert.Equal(31.25, plate.SampleDistanceMm(8400), 9);
        Assert.Equal((1400 - 30.8) / 30.8, plate.Magnification(8300), 9);
        Assert.True(double.IsNaN(plate.SampleDistanceMm(8600)));
    }

    [Fact]
    public void A_profile_reads_its_focus_table_and_names_a_bad_one()
    {
        string good = File.ReadAllText(RepositoryPaths.Instrument("txm-xanes")).Replace(
            "\"sample_to_detector_mm\": 1400 }",
            "\"sample_to_detector_mm\": 1400, \"focus_table\": { \"energy_ev\": [5000, 14000], \"sample_distance_mm\": [18.5, 51.0] } }",
            StringComparison.Ordinal);
        string bad = good.Replace("[5000, 14000]", "[14000, 5000]", StringComparison.Ordinal);

        InstrumentProfileReadResult read = InstrumentProfileReader.Read(good, "txm.json");
        Diagnostic error = Assert.Single(InstrumentProfileReader.Read(bad, "txm.json").Diagnostics, d => d.IsError);

        Assert.True(read.Succeeded, string.Join("; ", read.Diagnostics));
        Assert.Equal(18.5 + (32.5 * (8333 - 5000) / 9000.0), read.Profile!.Monochromator!.ZonePlate!.SampleDistanceMm(8333), 9);
        Assert.Equal("monochromator.zone_plate.focus_table.energy_ev", error.Path);
        Assert.Contains("energies must rise", error.Message, StringComparison.Ordinal);
    }
}
