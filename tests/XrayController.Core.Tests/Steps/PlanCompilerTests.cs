using XrayController.Core.Plans;
using XrayController.Core.Steps;
using static XrayController.Core.Steps.FrameKind;

namespace XrayController.Core.Tests.Steps;

/// <summary>Compiled step lists compared step by step with lists written out by hand.</summary>
public class PlanCompilerTests
{
    private static CompiledScan Compile(string yaml, string instrument = "demo") =>
        PlanCompiler.Compile(TestPlans.Read(yaml).Plan, TestPlans.Profile(instrument));

    private static AcquireStep Frame(long seq, FrameKind kind, double angleDeg, double energyEv = double.NaN, double magnification = double.NaN) =>
        new(new FrameInfo(seq, kind, angleDeg, energyEv, 0, 0, magnification));

    /// <summary>A TXM frame's magnification: the profile's 450 at 8333 eV, scaled by the zone plate's.</summary>
    private static AcquireStep TxmFrame(long seq, FrameKind kind, double angleDeg, double energyEv)
    {
        XrayController.Core.Optics.ZonePlate plate = TestPlans.Profile("txm-xanes").Monochromator!.ZonePlate!;
        return Frame(seq, kind, angleDeg, energyEv, 450 * plate.Magnification(energyEv) / plate.Magnification(8333));
    }

    [Fact]
    public void Step_scan_with_flats_and_darks()
    {
        CompiledScan scan = Compile(TestPlans.Minimal("{ start_deg: 0, stop_deg: 2, step_deg: 1 }", """
            flats: { count: 2, at: [start, end] }
            darks: { count: 1, at: [start] }
            """));

        Step[] expected =
        [
            new ConfigureDetectorStep(0.1, 1),
            new CheckpointStep(0, "start"),
            new RotateStep(0), new SettleStep("rotation", 0.005),
            new CheckpointStep(1, "darks"), new ShutterStep(false), Frame(0, Dark, 0),
            new CheckpointStep(2, "flats"), new ShutterStep(true),
            new OffsetStep("sample_x", 2.0), new SettleStep("sample_x", 0.01),
            Frame(1, Flat, 0), Frame(2, Flat, 0),
            new OffsetStep("sample_x", -2.0), new SettleStep("sample_x", 0.01),
            new CheckpointStep(3, "projection 0"), Frame(3, Projection, 0),
            new RotateStep(1), new SettleStep("rotation", 0.005), new CheckpointStep(4, "projection 1"), Frame(4, Projection, 1),
            new RotateStep(2), new SettleStep("rotation", 0.005), new CheckpointStep(5, "projection 2"), Frame(5, Projection, 2),
            new CheckpointStep(6, "flats"),
            new OffsetStep("sample_x", 2.0), new SettleStep("sample_x", 0.01),
            Frame(6, Flat, 2), Frame(7, Flat, 2),
            new OffsetStep("sample_x", -2.0), new SettleStep("sample_x", 0.01),
            new ShutterStep(false),
        ];
        Assert.Equal(expected, scan.Steps);
        Assert.Equal(new FrameCounts(3, 4, 1), scan.Frames);
    }

    [Fact]
    public void Energy_scan_takes_flats_at_each_energy_before_its_tomogram()
    {
        CompiledScan scan = Compile("""
            name: t
            technique: spectro-tomography
            instrument: txm-xanes
            sample: { name: s, out_of_beam: { x_mm: 0.2 } }
            detector: { exposure_s: 0.5 }
            rotation: { start_deg: 0, stop_deg: 1, step_deg: 1 }
            energy: { regions: [ { from_ev: 8300, to_ev: 8320, step_ev: 20 } ] }
            flats: { count: 1, at: [each_energy] }
            order: [energy, rotation]
            """, "txm-xanes");

        Step[] expected =
        [
            new ConfigureDetectorStep(0.5, 1),
            new CheckpointStep(0, "start"),
            new SetEnergyStep(8300), new SettleStep("energy", 1.5),
            new TranslateStep("zone_plate", 30.8025), new SettleStep("zone_plate", 0.05),
            new RotateStep(0), new SettleStep("rotation", 0.05),
            new CheckpointStep(1, "energy 8300 eV"),
            new CheckpointStep(2, "flats"), new ShutterStep(true),
            new OffsetStep("sample_x", 0.2), new SettleStep("sample_x", 0.1),
            TxmFrame(0, Flat, 0, 8300),
            new OffsetStep("sample_x", -0.2), new SettleStep("sample_x", 0.1),
            new CheckpointStep(3, "projection 0"), TxmFrame(1, Projection, 0, 8300),
            new RotateStep(1), new SettleStep("rotation", 0.05), new CheckpointStep(4, "projection 1"), TxmFrame(2, Projection, 1, 8300),
            new SetEnergyStep(8320), new SettleStep("energy", 1.5),
            new TranslateStep("zone_plate", 30.8785), new SettleStep("zone_plate", 0.05),
            new CheckpointStep(5, "energy 8320 eV"),
            new CheckpointStep(6, "flats"),
            new OffsetStep("sample_x", 0.2), new SettleStep("sample_x", 0.1),
            TxmFrame(3, Flat, 1, 8320),
            new OffsetStep("sample_x", -0.2), new SettleStep("sample_x", 0.1),
            new RotateStep(0), new SettleStep("rotation", 0.05), new CheckpointStep(7, "projection 2"), TxmFrame(4, Projection, 0, 8320),
            new RotateStep(1), new SettleStep("rotation", 0.05), new CheckpointStep(8, "projection 3"), TxmFrame(5, Projection, 1, 8320),
            new ShutterStep(false),
        ];
        Assert.Equal(expected, scan.Steps);
    }

    [Fact]
    public void A_start_set_is_not_repeated_for_the_first_point_of_an_axis()
    {
        CompiledScan scan = Compile(TestPlans.Minimal("{ start_deg: 0, stop_deg: 4, step_deg: 1 }", """
            tiles: { positions_mm: [0, 0.05, 0.1] }
            flats: { count: 3, at: [start, each_tile, end] }
            order: [tiles, rotation]
            """));

        int[] flatTiles = [.. scan.Steps.OfType<AcquireStep>().Where(a => a.Frame.Kind == Flat).Select(a => a.Frame.TileIndex)];
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2], flatTiles);
        Assert.Equal([0.0, 0.05, 0.1], scan.Steps.OfType<TranslateStep>().Select(t => t.PositionMm));
    }

    [Fact]
    public void Flats_every_n_projections_are_taken_before_the_next_projection()
    {
        CompiledScan scan = Compile(TestPlans.Minimal("{ start_deg: 0, stop_deg: 4, step_deg: 1 }", "flats: { count: 1, every_n_projections: 2 }"));

        string kinds = string.Concat(scan.Steps.OfType<AcquireStep>().Select(a => a.Frame.Kind == Flat ? 'F' : 'P'));
        Assert.Equal("PPFPPFP", kinds);
    }

    [Fact]
    public void Fly_scan_compiles_to_one_sweep_with_mid_exposure_angles()
    {
        CompiledScan scan = Compile(TestPlans.Minimal("{ start_deg: 0, range_deg: 180, count: 180, mode: fly }"));

        FlyScanStep fly = Assert.Single(scan.Steps.OfType<FlyScanStep>());
        Assert.Equal(10000, fly.Sweep.StepCounts);
        // The demo detector reads out while it exposes the next frame: period = exposure + margin.
        Assert.Equal(0.1003, fly.Sweep.FramePeriodS, 12);
        Assert.Equal(1 / 0.1003, fly.Sweep.SpeedDegS, 9);
        Assert.Equal(1.0, fly.Sweep.TaxiDeg, 12);
        Assert.Equal(180, fly.Frames.Count);
        Assert.Equal(0.1 / 0.1003 / 2, fly.Frames[0].AngleDeg, 9);
        Assert.Equal(179 + (0.1 / 0.1003 / 2), fly.Frames[^1].AngleDeg, 9);
        Assert.Equal(Enumerable.Range(0, 180).Select(i => (long)i), fly.Frames.Select(f => f.Seq));
    }

    [Fact]
    public void Presets_compile_to_the_frame_counts_of_the_study()
    {
        CompiledScan xanes = PlanCompiler.Compile(PresetPlan("xanes-ni-kedge.yaml"), TestPlans.Profile("txm-xanes"));
        CompiledScan lab = PlanCompiler.Compile(PresetPlan("lab-18650.yaml"), TestPlans.Profile("lab-xrm"));
        CompiledScan holo = PlanCompiler.Compile(PresetPlan("holotomo-4d.yaml"), TestPlans.Profile("holotomo"));

        Assert.Equal(63, xanes.EnergiesEv.Count);
        Assert.Equal(181, xanes.AnglesDeg.Count);
        Assert.Equal(63 * 181, xanes.Frames.Projections);
        Assert.Equal(4 * 4801, lab.Frames.Projections);
        Assert.Equal(4, lab.TilePositionsMm.Count);
        Assert.Equal(4 * 2000, holo.Frames.Projections);
        Assert.Equal([0, 1, 2, 3], holo.Steps.OfType<AcquireStep>().Select(a => a.Frame.DistanceIndex).Distinct());
    }

    [Fact]
    public void Holotomography_frames_carry_the_fresnel_magnification_and_effective_distance_of_their_distance()
    {
        CompiledScan holo = PlanCompiler.Compile(PresetPlan("holotomo-demo.yaml"), TestPlans.Profile("holotomo-demo"));
        AcquireStep[] frames = [.. holo.Steps.OfType<AcquireStep>()];
        double[] z1 = [35.0, 35.6, 37.0, 41.0];

        Assert.All(frames.Where(f => f.Frame.Kind != FrameKind.Dark), f =>
        {
            double z = z1[f.Frame.DistanceIndex];
            Assert.Equal(1208 / z, f.Frame.Magnification, 9);
            Assert.Equal(z * (1208 - z) / 1208, f.Frame.PropagationDistanceMm, 9);
        });
        Assert.Equal([5, 5, 5, 5], frames.Where(f => f.Frame.Kind == FrameKind.Flat).GroupBy(f => f.Frame.DistanceIndex).Select(g => g.Count()));
        Assert.All(PlanCompiler.Compile(PresetPlan("demo-parallel.yaml"), TestPlans.Profile("demo")).Steps.OfType<AcquireStep>(), a => Assert.True(double.IsNaN(a.Frame.PropagationDistanceMm)));
    }

    [Fact]
    public void Sequence_numbers_count_every_frame_in_order()
    {
        CompiledScan lab = PlanCompiler.Compile(PresetPlan("lab-18650.yaml"), TestPlans.Profile("lab-xrm"));

        long[] seqs = [.. lab.Steps.OfType<AcquireStep>().Select(a => a.Frame.Seq)];
        Assert.Equal(lab.Frames.Total, seqs.Length);
        Assert.Equal(Enumerable.Range(0, seqs.Length).Select(i => (long)i), seqs);
    }

    private static Plan PresetPlan(string file) =>
        TestPlans.Read(File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan(file))).Plan;
}
