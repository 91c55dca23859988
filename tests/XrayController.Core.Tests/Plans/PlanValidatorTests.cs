using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;

namespace XrayController.Core.Tests.Plans;

/// <summary>Checks of plans against instrument profiles: each limit, reported at the plan field that causes it.</summary>
public class PlanValidatorTests
{
    private static IReadOnlyList<Diagnostic> Violations(string yaml, string instrument = "demo")
    {
        PlanDocument plan = TestPlans.Read(yaml);
        return [.. PlanValidator.Validate(plan, TestPlans.Profile(instrument).WithConfiguration(plan.Plan.Detector.Configuration)).Where(d => d.IsError)];
    }

    [Fact]
    public void A_valid_plan_has_no_violations()
    {
        Assert.Empty(Violations(TestPlans.Minimal()));
    }

    [Fact]
    public void Rotation_beyond_the_stage_limits_is_reported_at_the_stop()
    {
        Diagnostic error = Assert.Single(Violations(TestPlans.Minimal("{ start_deg: 0, stop_deg: 400, step_deg: 1 }")));

        Assert.Equal("rotation.stop_deg", error.Path);
        Assert.Equal(6, error.Location.Line);
        Assert.Contains("outside the limits -360 to 360", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exposure_and_binning_must_be_offered_by_the_detector()
    {
        IReadOnlyList<Diagnostic> errors = Violations(TestPlans.Minimal().Replace("exposure_s: 0.1", "exposure_s: 11, binning: 4", StringComparison.Ordinal));

        Assert.Equal(["detector.exposure_s", "detector.binning"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal(5, e.Location.Line));
    }

    [Fact]
    public void Energies_need_a_monochromator_that_reaches_them()
    {
        string xanes = TestPlans.Minimal(extra: """
            energy:
              regions:
                - { from_ev: 4000, to_ev: 8000, step_ev: 100 }
                - { from_ev: 8100, to_ev: 15000, step_ev: 100 }
            """).Replace("parallel-ct", "spectro-tomography", StringComparison.Ordinal).Replace("instrument: demo", "instrument: txm-xanes", StringComparison.Ordinal)
            .Replace("x_mm: 2.0", "x_mm: 0.2", StringComparison.Ordinal);

        IReadOnlyList<Diagnostic> onTxm = Violations(xanes, "txm-xanes");
        IReadOnlyList<Diagnostic> onDemo = Violations(TestPlans.Minimal(extra: "energy: { fixed_ev: 8000 }"));

        Assert.Equal(["energy.regions[0].from_ev", "energy.regions[1].to_ev"], onTxm.Select(e => e.Path));
        Assert.Equal([9, 10], onTxm.Select(e => e.Location.Line));
        Assert.Contains(onDemo, e => e.Path == "energy" && e.Message.Contains("no monochromator", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(8400, null)]
    [InlineData(8100, "8100 eV is outside the scan's energies 8300–8500 eV")]
    public void The_figures_energy_lies_within_the_scan(double figuresEv, string? message)
    {
        string xanes = TestPlans.Minimal(extra: $$"""
            energy: { regions: [{ from_ev: 8300, to_ev: 8500, step_ev: 50 }] }
            reconstruction: { figures_energy_ev: {{figuresEv}} }
            """).Replace("parallel-ct", "spectro-tomography", StringComparison.Ordinal).Replace("instrument: demo", "instrument: txm-xanes", StringComparison.Ordinal)
            .Replace("x_mm: 2.0", "x_mm: 0.2", StringComparison.Ordinal);

        IReadOnlyList<Diagnostic> errors = Violations(xanes, "txm-xanes");

        Assert.Equal(figuresEv, TestPlans.Read(xanes).Plan.Reconstruction.FiguresEnergyEv);
        Assert.Equal(message is null ? [] : ["reconstruction.figures_energy_ev"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal(message, e.Message));
    }

    [Fact]
    public void The_tube_operating_point_is_checked_for_voltage_current_and_power()
    {
        string lab = """
            name: t
            technique: cone-ct
            instrument: lab-xrm
            sample: { name: s, out_of_beam: { x_mm: 30 } }
            source: { voltage_kv: 200, current_ua: 300 }
            detector: { exposure_s: 1 }
            rotation: { start_deg: 0, stop_deg: 360, step_deg: 1 }
            """;

        IReadOnlyList<Diagnostic> errors = Violations(lab, "lab-xrm");

        Assert.Equal(["source", "source.current_ua", "source.voltage_kv"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Sample_positions_must_lie_within_the_axis_limits()
    {
        IReadOnlyList<Diagnostic> errors = Violations(TestPlans.Minimal()
            .Replace("out_of_beam: { x_mm: 2.0 }", "in_beam: { x_mm: 9 }, out_of_beam: { x_mm: 2.0 }", StringComparison.Ordinal));

        Diagnostic error = Assert.Single(errors);
        Assert.Equal("sample.out_of_beam.x_mm", error.Path);
        Assert.Contains("11 mm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiles_must_overlap_and_stay_within_the_vertical_axis()
    {
        string apart = TestPlans.Minimal(extra: "tiles: { positions_mm: [0, 5] }");
        string tooMuch = TestPlans.Minimal(extra: "tiles: { start_mm: 0, count: 3, overlap_mm: 0.09 }");
        string tooHigh = TestPlans.Minimal(extra: "tiles: { start_mm: 9.9, count: 3, overlap_mm: 0.01 }");

        Assert.Contains(Violations(apart), e => e.Path == "tiles.positions_mm" && e.Message.Contains("no overlap", StringComparison.Ordinal));
        Assert.Contains(Violations(tooMuch), e => e.Path == "tiles.overlap_mm" && e.Message.Contains("field of view", StringComparison.Ordinal));
        Assert.Contains(Violations(tooHigh), e => e.Path == "tiles.count" && e.Message.Contains("sample_z", StringComparison.Ordinal));
    }

    [Fact]
    public void Distances_need_the_axis_and_must_leave_room_for_the_detector()
    {
        string holo = """
            name: t
            technique: holotomography
            instrument: holotomo
            sample: { name: s, out_of_beam: { x_mm: 0.5 } }
            energy: { fixed_ev: 33600 }
            detector: { exposure_s: 0.15 }
            distances: { focus_to_sample_mm: [35, 5, 1300] }
            rotation: { start_deg: 0, range_deg: 180, count: 100 }
            """;

        IReadOnlyList<Diagnostic> errors = Violations(holo, "holotomo");

        Assert.Contains(errors, e => e.Path == "distances.focus_to_sample_mm[1]" && e.Message.Contains("limits", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "distances.focus_to_sample_mm[2]" && e.Message.Contains("behind the detector", StringComparison.Ordinal));
    }

    [Fact]
    public void The_technique_must_match_the_instrument()
    {
        Diagnostic error = Assert.Single(Violations(TestPlans.Minimal().Replace("parallel-ct", "cone-ct", StringComparison.Ordinal)));

        Assert.Equal("technique", error.Path);
        Assert.Contains("does not do cone-ct", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_roi_scan_is_not_inspected_as_a_whole_cell()
    {
        string yaml = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo.yaml")) + "roi: { x_mm: 0.5, y_mm: -0.2, z_mm: 0, diameter_mm: 1.2, voxel_um: 10.1 }\n";

        Diagnostic error = Assert.Single(Violations(yaml, "lab-demo"));

        Assert.Equal("reconstruction.inspection", error.Path);
        Assert.Contains("needs the whole cell", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_of_interest_is_centred_by_the_stages_on_the_rotation_stage()
    {
        Diagnostic error = Assert.Single(Violations(TestPlans.Minimal(extra: "roi: { x_mm: 0, y_mm: 0, z_mm: 0, diameter_mm: 0.05, voxel_um: 1.2 }")), d => d.Path == "roi.x_mm");

        Assert.Contains("instrument 'demo' has no axis 'centring_x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zoom_region_outside_what_the_overview_sees_is_refused()
    {
        string yaml = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo-zoom.yaml")).Replace("x_mm: 0.487", "x_mm: 1.9", StringComparison.Ordinal);

        Diagnostic error = Assert.Single(Violations(yaml, "lab-demo"));

        Assert.Equal("roi", error.Path);
        Assert.Contains("the region reaches 2.1687 mm from the rotation axis, outside the 1.9381 mm the main detector's overview sees there", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The zoom inspection measures a roi scan's region along lines from the cell's axis: no region, or the axis inside it, is refused.</summary>
    [Theory]
    [InlineData("roi: { x_mm: 0.487, y_mm: -0.682, z_mm: -0.702, diameter_mm: 0.3, voxel_um: 1.2 }", "", "the zoom inspection measures a region of the cell (a roi scan): give roi")]
    [InlineData("x_mm: 0.487, y_mm: -0.682", "x_mm: 0.1, y_mm: 0.05", "its centre is 0.1118 mm from the axis, within its 0.15 mm radius")]
    public void The_zoom_inspection_needs_a_region_off_the_cells_axis(string region, string replacement, string message)
    {
        string yaml = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo-zoom.yaml")).Replace(region, replacement, StringComparison.Ordinal);

        Diagnostic error = Assert.Single(Violations(yaml, "lab-demo"));

        Assert.Equal("reconstruction.inspection", error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_zoom_plans_are_valid()
    {
        Assert.Empty(Violations(File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo-zoom.yaml")), "lab-demo"));
        Assert.Empty(Violations(File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo-zoom-copper.yaml")), "lab-demo"));
    }

    [Fact]
    public void The_half_acquisition_demo_plan_is_valid_and_widens_the_field_at_least_1_8_times()
    {
        string yaml = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo-half.yaml"));
        Plan plan = TestPlans.Read(yaml).Plan;

        Assert.Empty(Violations(yaml, "lab-demo"));
        FieldOfView field = FieldOfView.Of(plan, TestPlans.Profile("lab-demo"));
        Assert.True(field.IsHalfAcquisition);
        Assert.InRange(field.Widening, 1.8, 2.0);
        Assert.Equal(191.5 - (8.5 / 0.0495), field.AxisColumn, 9);
    }

    /// <summary>
    /// A detector offset is a half-acquisition's: too small an offset leaves an ordinary scan, too large one leaves no
    /// overlap, and either is refused with the range that works; half a turn, or an instrument without the panel's
    /// translation, cannot take one.
    /// </summary>
    [Theory]
    [InlineData("offset_mm: 1.0", "lab-demo", "too small for a half-acquisition (leave it out for a centred scan); give 1.901 to 9.306 mm either way")]
    [InlineData("offset_mm: -9.4", "lab-demo", "too large: the two half-turns need at least 4 columns of overlap beyond the axis; give 1.901 to 9.306 mm either way")]
    [InlineData("offset_mm: 12", "lab-demo", "outside detector_x's limits -10 to 10 mm")]
    [InlineData("offset_mm: 8.5", "demo", "instrument 'demo' has no axis 'detector_x'")]
    public void A_detector_offset_that_makes_no_half_acquisition_is_refused_with_the_range_that_does(string offset, string instrument, string message)
    {
        string yaml = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo-half.yaml")).Replace("offset_mm: 8.5", offset, StringComparison.Ordinal);
        if (instrument == "demo")
        {
            yaml = TestPlans.Minimal("{ start_deg: 0, range_deg: 360, count: 90 }").Replace("exposure_s: 0.1", "exposure_s: 0.1, " + offset, StringComparison.Ordinal);
        }

        Diagnostic error = Assert.Single(Violations(yaml, instrument), d => d.Path == "detector.offset_mm");

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_half_acquisition_needs_a_full_turn()
    {
        string yaml = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo-half.yaml")).Replace("range_deg: 360", "range_deg: 200", StringComparison.Ordinal);

        Diagnostic error = Assert.Single(Violations(yaml, "lab-demo"));

        Assert.Equal("detector.offset_mm", error.Path);
        Assert.Contains("needs a full turn of the sample; the rotation covers 200 deg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_of_interest_must_fit_the_field_of_view()
    {
        string yaml = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo.yaml")).Replace("inspection: cell", "inspection: none", StringComparison.Ordinal)
            + "roi: { x_mm: 0, y_mm: 0, z_mm: 0, diameter_mm: 0.5, voxel_um: 1.2 }\n";

        Diagnostic error = Assert.Single(Violations(yaml, "lab-demo"));

        Assert.Equal("roi.diameter_mm", error.Path);
        Assert.Contains("0.4608 mm field of view", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_centre_must_lie_on_the_detector()
    {
        Diagnostic error = Assert.Single(Violations(TestPlans.Minimal(extra: "reconstruction: { center: 127.5 }")
            .Replace("exposure_s: 0.1", "exposure_s: 0.1, binning: 2", StringComparison.Ordinal)));

        Assert.Equal("reconstruction.center", error.Path);
        Assert.Contains("0–63", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fly_scan_too_fast_for_the_stage_is_reported()
    {
        IReadOnlyList<Diagnostic> errors = Violations(TestPlans.Minimal("{ start_deg: 0, stop_deg: 180, step_deg: 5, mode: fly }")
            .Replace("exposure_s: 0.1", "exposure_s: 0.001", StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Path == "rotation" && e.Message.Contains("above the stage's 180°/s", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fly_step_that_is_not_whole_encoder_counts_is_rounded_with_a_warning()
    {
        InstrumentProfile demo = TestPlans.Profile("demo");
        PlanDocument plan = TestPlans.Read(TestPlans.Minimal("{ start_deg: 0, range_deg: 180, count: 7, mode: fly }")
            .Replace("exposure_s: 0.1", "exposure_s: 0.5", StringComparison.Ordinal));

        Diagnostic warning = Assert.Single(PlanValidator.Validate(plan, demo));

        Assert.False(warning.IsError);
        Assert.Contains("257143 encoder counts", warning.Message, StringComparison.Ordinal);
    }
}
