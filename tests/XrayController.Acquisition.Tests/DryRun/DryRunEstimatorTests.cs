using XrayController.Acquisition.DryRun;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Steps;
using XrayController.Tests.Shared;

namespace XrayController.Acquisition.Tests.DryRun;

public class DryRunEstimatorTests
{
    private const string HandPlan = """
        name: hand
        technique: parallel-ct
        instrument: demo
        sample: { name: s, out_of_beam: { x_mm: 2.0 } }
        detector: { exposure_s: 0.1 }
        rotation: { start_deg: 0, stop_deg: 2, step_deg: 1 }
        flats: { count: 2, at: [start] }
        darks: { count: 1, at: [start] }
        """;

    /// <summary>
    /// The demo profile: rotation 180 °/s, 3600 °/s², settle 5 ms; sample_x 20 mm/s, 200 mm/s², settle 10 ms; readout 2 ms;
    /// shutter 20 ms; 0.5 ms per frame and 100 ms per scan of overhead; command round trips 0.2 ms (stage), 1.2 ms (axes,
    /// shutter), 0.5 ms (detector).
    /// Motion: two 2 mm sample moves (v²/a = 2 mm, so 2/20 + 20/200 = 0.2 s each, plus 4 commands of 1.2 ms) and three
    /// rotations (to 0°, then two 1° moves that never reach speed, 2·√(1/3600) = 1/30 s each; 2 commands of 0.2 ms each).
    /// Settle: rotation 3 × 5 ms + sample 2 × 10 ms = 35 ms.
    /// Exposure: 6 frames × 0.1 s. Readout: 6 × 2 ms. Overhead: 100 ms + 3 shutter moves × (20 ms + 3 × 1.2 ms)
    /// + 6 frames × (0.5 ms + 0.5 ms trigger) + detector set-up 8 × 0.5 ms = 180.8 ms.
    /// </summary>
    [Fact]
    public void Breakdown_of_a_hand_computed_plan_to_the_millisecond()
    {
        DryRunEstimate estimate = Estimate(HandPlan, "demo");

        double motionS = 0.4 + (1.0 / 15) + (2 * 4 * 0.0012) + (3 * 2 * 0.0002);
        Assert.Equal(motionS, estimate.Breakdown.MotionS, 6);
        Assert.Equal(0.035, estimate.Breakdown.SettleS, 6);
        Assert.Equal(0.6, estimate.Breakdown.ExposureS, 6);
        Assert.Equal(0.012, estimate.Breakdown.ReadoutS, 6);
        Assert.Equal(0.1808, estimate.Breakdown.OverheadS, 6);
        Assert.Equal(motionS + 0.035 + 0.6 + 0.012 + 0.1808, estimate.Duration.TotalSeconds, 6);
        Assert.Equal(new FrameCounts(3, 2, 1), estimate.Frames);
    }

    /// <summary>
    /// Fly sweep of 180 frames at 1° on the demo profile, whose detector reads out while exposing the next frame: period
    /// max(0.1, 0.002) + 0.0003 s, speed 1/0.1003 °/s, run-up one step; no readout time beyond the exposures.
    /// The stage first goes from 0° to the −1° ramp start (1/30 s and 2 commands) and settles (5 ms), then sweeps 182° at
    /// that speed (182 / v + v / 3600). Overhead: 100 ms per scan, 2 shutter moves of 23.6 ms, the detector set up for the
    /// scan, for the sweep and back (3 × 8 × 0.5 ms) and the 13 PSO and sweep commands of 0.2 ms.
    /// </summary>
    [Fact]
    public void Fly_sweep_time_is_approach_settle_and_the_constant_speed_sweep()
    {
        string fly = HandPlan.Replace("{ start_deg: 0, stop_deg: 2, step_deg: 1 }", "{ start_deg: 0, range_deg: 180, count: 180, mode: fly }", StringComparison.Ordinal)
            .Replace("flats: { count: 2, at: [start] }\n", string.Empty, StringComparison.Ordinal)
            .Replace("darks: { count: 1, at: [start] }", string.Empty, StringComparison.Ordinal);
        double speed = 1 / 0.1003;
        double sweepS = (182 / speed) + (speed / 3600);

        DryRunEstimate estimate = Estimate(fly, "demo");

        Assert.Equal(180 * 0.1, estimate.Breakdown.ExposureS, 6);
        Assert.Equal(0, estimate.Breakdown.ReadoutS, 6);
        Assert.Equal((1.0 / 30) + 0.0004 + sweepS - (180 * 0.1), estimate.Breakdown.MotionS, 6);
        Assert.Equal(180 * 0.1 / ((179 * 0.1003) + 0.1), estimate.SweepExposureFraction!.Value, 9);
        Assert.Equal(0.005, estimate.Breakdown.SettleS, 6);
        Assert.Equal(0.1 + (2 * 0.0236) + (3 * 8 * 0.0005) + (13 * 0.0002), estimate.Breakdown.OverheadS, 6);
    }

    [Fact]
    public void Lab_preset_estimate_comes_near_the_studys_four_times_two_and_a_half_hours()
    {
        DryRunEstimate estimate = Preset("lab-18650.yaml", "lab-xrm");

        double hoursPerTile = estimate.Duration.TotalHours / 4;
        Assert.InRange(hoursPerTile, 2.45, 2.6);
        Assert.Equal(4 * 4801, estimate.Frames.Projections);
        Assert.Equal(estimate.Frames.Total * 1.45, estimate.Breakdown.ExposureS, 6);
    }

    [Fact]
    public void Xanes_preset_exposes_every_frame_for_half_a_second_over_63_energies()
    {
        DryRunEstimate estimate = Preset("xanes-ni-kedge.yaml", "txm-xanes");

        Assert.Equal(63 * 181, estimate.Frames.Projections);
        Assert.Equal(estimate.Frames.Total * 0.5, estimate.Breakdown.ExposureS, 6);
        Assert.Equal(63 * 1.5, Compile("xanes-ni-kedge.yaml", "txm-xanes").Steps.OfType<SettleStep>().Where(s => s.Axis == "energy").Sum(s => s.Seconds), 6);
        Assert.InRange(estimate.Duration.TotalHours, 3, 4);
    }

    [Fact]
    public void Holotomo_preset_covers_four_distances_of_2000_projections()
    {
        DryRunEstimate estimate = Preset("holotomo-4d.yaml", "holotomo");

        Assert.Equal(8000, estimate.Frames.Projections);
        Assert.Equal(estimate.Frames.Total * 0.15, estimate.Breakdown.ExposureS, 6);
        Assert.Equal(estimate.Frames.Total * 0.12, estimate.Breakdown.ReadoutS, 6);
        Assert.InRange(estimate.Duration.TotalMinutes, 40, 60);
    }

    [Fact]
    public void Estimated_bytes_cover_every_frame_uncompressed()
    {
        CompiledScan scan = Compile("demo-parallel.yaml", "demo");

        Assert.Equal(210L * 128 * 128 * 2, scan.FrameBytes);
        Assert.True(DryRunEstimator.Estimate(scan).Bytes > scan.FrameBytes);
    }

    private static DryRunEstimate Estimate(string yaml, string instrument)
    {
        PlanReadResult read = PlanReader.Read(yaml, "test.yaml");
        Assert.True(read.Succeeded, string.Join(Environment.NewLine, read.Diagnostics));
        return DryRunEstimator.Estimate(PlanCompiler.Compile(read.Document!.Plan, Profile(instrument)));
    }

    private static DryRunEstimate Preset(string plan, string instrument) => DryRunEstimator.Estimate(Compile(plan, instrument));

    private static CompiledScan Compile(string plan, string instrument)
    {
        PlanReadResult read = PlanReader.Read(File.ReadAllText(RepositoryPaths.Plan(plan)), plan);
        Assert.True(read.Succeeded, string.Join(Environment.NewLine, read.Diagnostics));
        return PlanCompiler.Compile(read.Document!.Plan, Profile(instrument));
    }

    private static InstrumentProfile Profile(string name) =>
        InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument(name)), name).Profile!;
}
