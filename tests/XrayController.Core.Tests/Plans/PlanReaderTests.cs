using XrayController.Core.Plans;

namespace XrayController.Core.Tests.Plans;

public class PlanReaderTests
{
    [Fact]
    public void Reads_the_step_form_of_rotation()
    {
        Plan plan = TestPlans.Read(TestPlans.Minimal("{ start_deg: -90, stop_deg: 90, step_deg: 1, mode: step }")).Plan;

        Assert.Equal(new RotationAxis(-90, 1, 181, RotationMode.Step), plan.Rotation);
    }

    [Fact]
    public void Reads_fly_mode()
    {
        Plan plan = TestPlans.Read(TestPlans.Minimal("{ start_deg: 0, range_deg: 180, count: 180, mode: fly }")).Plan;

        Assert.Equal(RotationMode.Fly, plan.Rotation.Mode);
        Assert.Equal(180, plan.Rotation.Count);
    }

    [Fact]
    public void Reads_energy_regions_in_order()
    {
        Plan plan = TestPlans.Read(TestPlans.Minimal(extra: """
            energy:
              regions:
                - { from_ev: 8178, to_ev: 8318, step_ev: 10 }
                - { from_ev: 8322, to_ev: 8358, step_ev: 1 }
                - { from_ev: 8370, to_ev: 8570, step_ev: 20 }
            """).Replace("parallel-ct", "spectro-tomography", StringComparison.Ordinal)).Plan;

        IReadOnlyList<double> energies = plan.Energy!.EnergiesEv();
        Assert.Equal(63, energies.Count);
        Assert.Equal(8178, energies[0]);
        Assert.Equal(8318, energies[14]);
        Assert.Equal(8322, energies[15]);
        Assert.Equal(8358, energies[51]);
        Assert.Equal(8570, energies[^1]);
        Assert.Equal([ScanAxis.Energy, ScanAxis.Rotation], plan.Order);
    }

    [Fact]
    public void Reads_a_fixed_energy_that_is_not_a_scan_axis()
    {
        Plan plan = TestPlans.Read(TestPlans.Minimal(extra: "energy: { fixed_ev: 33600 }")).Plan;

        Assert.False(plan.Energy!.IsScan);
        Assert.Equal([33600.0], plan.Energy.EnergiesEv());
        Assert.Equal([ScanAxis.Rotation], plan.Order);
    }

    [Fact]
    public void Reads_distances_and_nests_them_in_the_given_order()
    {
        Plan plan = TestPlans.Read(TestPlans.Minimal(extra: """
            distances: { focus_to_sample_mm: [35.0, 35.6, 37.0, 41.0] }
            flats: { count: 20, at: [each_distance] }
            order: [distances, rotation]
            """).Replace("parallel-ct", "holotomography", StringComparison.Ordinal)).Plan;

        Assert.Equal([35.0, 35.6, 37.0, 41.0], plan.Distances!.FocusToSampleMm);
        Assert.Equal([ScanAxis.Distances, ScanAxis.Rotation], plan.Order);
        Assert.True(plan.Flats.Includes(ReferencePoint.EachDistance));
        Assert.Equal(PhaseRetrieval.Ctf, plan.Reconstruction.Phase);
    }

    [Fact]
    public void Reads_both_forms_of_tiles()
    {
        Plan counted = TestPlans.Read(TestPlans.Minimal(extra: "tiles: { start_mm: 0, count: 4, overlap_mm: 9.0 }")).Plan;
        Plan listed = TestPlans.Read(TestPlans.Minimal(extra: "tiles: { positions_mm: [0, 10, 20] }")).Plan;

        Assert.Equal([0.0, 14.0, 28.0, 42.0], counted.Tiles!.PositionsMm(23.0));
        Assert.Equal([0.0, 10.0, 20.0], listed.Tiles!.PositionsMm(23.0));
        Assert.Equal([ScanAxis.Tiles, ScanAxis.Rotation], counted.Order);
    }

    [Fact]
    public void Reads_roi_source_and_reference_schedules()
    {
        Plan plan = TestPlans.Read(TestPlans.Minimal(extra: """
            roi: { x_mm: 1.5, y_mm: -0.5, z_mm: 3, diameter_mm: 0.1, voxel_um: 1.2 }
            source: { voltage_kv: 120, current_ua: 100 }
            flats: { count: 10, at: [start, end], every_n_projections: 100 }
            darks: { count: 5, at: [start] }
            """)).Plan;

        Assert.Equal(new RoiSettings(1.5, -0.5, 3, 0.1, 1.2), plan.Roi);
        Assert.Equal(new SourceSettings(120, 100), plan.Source);
        Assert.Equal(10, plan.Flats.Count);
        Assert.Equal(100, plan.Flats.EveryNProjections);
        Assert.True(plan.Flats.Includes(ReferencePoint.Start) && plan.Flats.Includes(ReferencePoint.End));
        Assert.True(plan.Darks.Includes(ReferencePoint.Start) && !plan.Darks.Includes(ReferencePoint.End));
    }

    [Fact]
    public void Reads_detector_sample_and_reconstruction_settings()
    {
        Plan plan = TestPlans.Read(TestPlans.Minimal(extra: "reconstruction: { algorithm: fbp, filter: hann, center: 63.5 }")
            .Replace("exposure_s: 0.1", "exposure_s: 0.25, binning: 2", StringComparison.Ordinal)
            .Replace("out_of_beam: { x_mm: 2.0 }", "in_beam: { z_mm: 1 }, out_of_beam: { x_mm: 2.0, y_mm: -1 }", StringComparison.Ordinal)).Plan;

        Assert.Equal(new DetectorSettings(0.25, 2), plan.Detector);
        Assert.Equal(1.0, plan.Sample.InBeamMm['z']);
        Assert.Equal(2.0, plan.Sample.OutOfBeamOffsetMm['x']);
        Assert.Equal(-1.0, plan.Sample.OutOfBeamOffsetMm['y']);
        Assert.Equal(new ReconstructionSettings(ReconstructionAlgorithm.Fbp, ReconstructionFilter.Hann, 63.5, PhaseRetrieval.None, null), plan.Reconstruction);
    }

    [Fact]
    public void Nests_energy_inside_rotation_when_the_order_says_so()
    {
        Plan plan = TestPlans.Read(TestPlans.Minimal(extra: """
            energy: { regions: [ { from_ev: 8300, to_ev: 8340, step_ev: 20 } ] }
            order: [rotation, energy]
            """)).Plan;

        Assert.Equal([ScanAxis.Rotation, ScanAxis.Energy], plan.Order);
    }

    [Fact]
    public void Records_where_each_field_sits()
    {
        PlanDocument document = TestPlans.Read(TestPlans.Minimal());

        Assert.Equal(6, document.Map.Find("rotation.step_deg").Line);
        Assert.Equal(5, document.Map.Find("detector.exposure_s").Line);
        Assert.Equal(6, document.Map.Find("rotation.no_such_key").Line);
    }
}
