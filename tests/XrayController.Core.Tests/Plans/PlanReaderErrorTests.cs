using XrayController.Core.Plans;
using XrayController.Core.Diagnostics;

namespace XrayController.Core.Tests.Plans;

/// <summary>Each class of plan error, with the line, column and field path it is reported at.</summary>
public class PlanReaderErrorTests
{
    [Fact]
    public void Unknown_key_is_reported_at_the_key_with_a_suggestion()
    {
        string yaml = TestPlans.Minimal(extra: "reconstruction: { filtr: ramp }");

        Diagnostic error = Assert.Single(TestPlans.Errors(yaml));

        Assert.Equal("reconstruction.filtr", error.Path);
        Assert.Equal(PositionOf(yaml, "filtr"), error.Location);
        Assert.Contains("did you mean 'filter'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_swapped_letters_are_one_slip_and_get_a_suggestion()
    {
        Diagnostic error = Assert.Single(TestPlans.Errors(TestPlans.Minimal(extra: "fltas: { count: 5, at: [start] }")), e => e.Path == "fltas");

        Assert.Contains("did you mean 'flats'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_in_the_wrong_unit_names_the_key_in_the_right_one()
    {
        IReadOnlyList<Diagnostic> errors = TestPlans.Errors(TestPlans.Minimal().Replace("exposure_s", "exposure_ms", StringComparison.Ordinal));

        Diagnostic unknown = Assert.Single(errors, e => e.Path == "detector.exposure_ms");
        Assert.Contains("this field is 'exposure_s', in seconds", unknown.Message, StringComparison.Ordinal);
        Assert.Contains(errors, e => e.Path == "detector.exposure_s" && e.Message == "is required");
    }

    [Fact]
    public void A_unit_written_in_the_value_is_explained()
    {
        string yaml = TestPlans.Minimal().Replace("exposure_s: 0.1", "exposure_s: 100 ms", StringComparison.Ordinal);

        Diagnostic error = Assert.Single(TestPlans.Errors(yaml));

        Assert.Equal("detector.exposure_s", error.Path);
        Assert.Equal(PositionOf(yaml, "100 ms"), error.Location);
        Assert.Contains("the unit is part of the key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_number_is_a_type_error()
    {
        string yaml = TestPlans.Minimal("{ start_deg: 0, stop_deg: 10, step_deg: \"1\" }");

        Diagnostic error = Assert.Single(TestPlans.Errors(yaml));

        Assert.Equal("rotation.step_deg", error.Path);
        Assert.Equal(PositionOf(yaml, "\"1\""), error.Location);
        Assert.Contains("quoted", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ start_deg: 0, stop_deg: 10, step_deg: 0 }", "rotation.step_deg", "must be > 0")]
    [InlineData("{ start_deg: 0, stop_deg: 10, step_deg: -1 }", "rotation.step_deg", "must be > 0")]
    [InlineData("{ start_deg: 0, range_deg: 180, count: 0 }", "rotation.count", "must be > 0")]
    [InlineData("{ start_deg: 0, range_deg: -180, count: 10 }", "rotation.range_deg", "must be > 0")]
    [InlineData("{ start_deg: 0, range_deg: 180, count: 2.5 }", "rotation.count", "must be a whole number")]
    [InlineData("{ start_deg: 10, stop_deg: 10, step_deg: 1 }", "rotation.stop_deg", "the range is empty")]
    [InlineData("{ start_deg: 0, stop_deg: 10, step_deg: 1, range_deg: 10 }", "rotation", "not both")]
    [InlineData("{ start_deg: 0 }", "rotation", "give either")]
    [InlineData("{ start_deg: 0, stop_deg: 10, step_deg: 1, mode: wobble }", "rotation.mode", "is not one of: step, fly")]
    public void Bad_rotation_values_are_reported_at_their_field(string rotation, string path, string message)
    {
        Diagnostic error = Assert.Single(TestPlans.Errors(TestPlans.Minimal(rotation)));

        Assert.Equal(path, error.Path);
        Assert.Equal(6, error.Location.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_or_overlapping_energy_regions_are_reported()
    {
        IReadOnlyList<Diagnostic> errors = TestPlans.Errors(TestPlans.Minimal(extra: """
            energy:
              regions:
                - { from_ev: 8300, to_ev: 8200, step_ev: 10 }
                - { from_ev: 8100, to_ev: 8400, step_ev: 0 }
                - { from_ev: 8300, to_ev: 8310, step_ev: 5 }
                - { from_ev: 8305, to_ev: 8320, step_ev: 5 }
            """));

        Assert.Contains(errors, e => e.Path == "energy.regions[0].to_ev" && e.Location.Line == 9 && e.Message.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "energy.regions[1].step_ev" && e.Location.Line == 10);
        Assert.Contains(errors, e => e.Path == "energy.regions[3].from_ev" && e.Location.Line == 12 && e.Message.Contains("without overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_required_sections_are_reported_at_their_parent()
    {
        IReadOnlyList<Diagnostic> errors = TestPlans.Errors("name: t\ntechnique: parallel-ct\n");

        Assert.Equal(["instrument", "sample", "detector", "rotation"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Equal(new SourceLocation(1, 1), e.Location));
    }

    [Fact]
    public void Every_error_is_reported_not_only_the_first()
    {
        IReadOnlyList<Diagnostic> errors = TestPlans.Errors("""
            name: t
            technique: parallel-tomo
            instrument: demo
            sample: { name: s }
            detector: { exposure_s: -1, binning: 0 }
            rotation: { start_deg: 0, stop_deg: 10, step_deg: 0 }
            flats: { count: 5, at: [start, sometimes] }
            colour: blue
            """);

        Assert.Equal(
            ["technique", "detector.exposure_s", "detector.binning", "rotation.step_deg", "flats.at[1]", "colour", "sample.out_of_beam"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Yaml_syntax_errors_carry_their_position()
    {
        Diagnostic error = Assert.Single(TestPlans.Errors("name: t\nrotation: { start_deg: 0\n  bad"));

        Assert.True(error.Location.Line >= 2);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_are_reported()
    {
        Diagnostic error = Assert.Single(TestPlans.Errors(TestPlans.Minimal() + "\nname: again"));

        Assert.Contains("Duplicate key", error.Message, StringComparison.Ordinal);
        Assert.Equal(8, error.Location.Line);
    }

    [Fact]
    public void Technique_requirements_are_checked()
    {
        IReadOnlyList<Diagnostic> spectro = TestPlans.Errors(TestPlans.Minimal().Replace("parallel-ct", "spectro-tomography", StringComparison.Ordinal));
        IReadOnlyList<Diagnostic> holo = TestPlans.Errors(TestPlans.Minimal().Replace("parallel-ct", "holotomography", StringComparison.Ordinal));

        Assert.Contains(spectro, e => e.Path == "energy" && e.Message.Contains("energy.regions", StringComparison.Ordinal));
        Assert.Contains(holo, e => e.Path == "distances");
    }

    [Theory]
    [InlineData("reconstruction: { phase: paganin }", "reconstruction.phase", "give delta_beta")]
    [InlineData("reconstruction: { phase: ctf, delta_beta: -5 }", "reconstruction.delta_beta", "must be > 0")]
    [InlineData("reconstruction: { phase: ctf, phase_iterations: 80 }", "reconstruction.phase_iterations", "0 (the linear CTF) to 50")]
    [InlineData("reconstruction: { phase: paganin, delta_beta: 150, phase_iterations: 2 }", "reconstruction.phase_iterations", "refines the ctf")]
    public void Phase_retrieval_settings_are_checked(string reconstruction, string path, string message)
    {
        string yaml = TestPlans.Minimal(extra: "distances: { focus_to_sample_mm: [35, 37] }\n" + reconstruction)
            .Replace("parallel-ct", "holotomography", StringComparison.Ordinal);

        Assert.Contains(TestPlans.Errors(yaml), e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_cell_inspection_belongs_to_a_reconstructed_cone_beam_scan()
    {
        Assert.Equal(Inspection.Cell, TestPlans.Read(File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo.yaml"))).Plan.Reconstruction.Inspection);
        Assert.Contains(TestPlans.Errors(TestPlans.Minimal(extra: "reconstruction: { inspection: cell }")), e => e.Path == "reconstruction.inspection" && e.Message.Contains("technique cone-ct", StringComparison.Ordinal));
        Assert.Contains(TestPlans.Errors(TestPlans.Minimal(extra: "reconstruction: { inspection: cells }")), e => e.Path == "reconstruction.inspection" && e.Message.Contains("none, cell", StringComparison.Ordinal));
    }

    [Fact]
    public void A_figures_energy_belongs_to_a_spectral_scan()
    {
        Assert.Contains(TestPlans.Errors(TestPlans.Minimal(extra: "reconstruction: { figures_energy_ev: 8400 }")), e => e.Path == "reconstruction.figures_energy_ev" && e.Message.Contains("has one volume", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ctf_plan_refines_twice_unless_told_otherwise()
    {
        Assert.Equal(2, TestPlans.Read(File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("holotomo-demo.yaml"))).Plan.Reconstruction.PhaseIterations);
        string yaml = TestPlans.Minimal(extra: "distances: { focus_to_sample_mm: [35, 37] }\nreconstruction: { phase: ctf, phase_iterations: 0 }")
            .Replace("parallel-ct", "holotomography", StringComparison.Ordinal);
        Assert.Equal(0, TestPlans.Read(yaml).Plan.Reconstruction.PhaseIterations);
    }

    [Fact]
    public void Order_must_list_exactly_the_scanned_axes()
    {
        IReadOnlyList<Diagnostic> errors = TestPlans.Errors(TestPlans.Minimal(extra: """
            tiles: { positions_mm: [0, 10] }
            order: [rotation, energy, rotation]
            """));

        Assert.Contains(errors, e => e.Path == "order[1]" && e.Message.Contains("not scanned", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "order[2]" && e.Message.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "order" && e.Message.Contains("'tiles' is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Reference_points_need_their_axis_and_flats_need_an_out_of_beam_offset()
    {
        IReadOnlyList<Diagnostic> errors = TestPlans.Errors(TestPlans.Minimal(extra: "flats: { count: 5, at: [each_energy] }")
            .Replace(", out_of_beam: { x_mm: 2.0 }", string.Empty, StringComparison.Ordinal));

        Assert.Contains(errors, e => e.Path == "flats.at" && e.Message.Contains("each_energy", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "sample.out_of_beam");
    }

    [Fact]
    public void A_fly_scan_must_rotate_innermost()
    {
        Diagnostic error = Assert.Single(TestPlans.Errors(TestPlans.Minimal("{ start_deg: 0, stop_deg: 10, step_deg: 1, mode: fly }", """
            energy: { regions: [ { from_ev: 8300, to_ev: 8340, step_ev: 20 } ] }
            order: [rotation, energy]
            """)));

        Assert.Equal("order", error.Path);
        Assert.Contains("innermost", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_name_unfit_for_a_file_name_is_rejected()
    {
        Diagnostic error = Assert.Single(TestPlans.Errors(TestPlans.Minimal().Replace("name: t", "name: ../evil plan", StringComparison.Ordinal)));

        Assert.Equal("name", error.Path);
    }

    /// <summary>1-based line and column of the first occurrence of <paramref name="text"/>.</summary>
    private static SourceLocation PositionOf(string yaml, string text)
    {
        string[] lines = yaml.Split('\n');
        int line = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        return new SourceLocation(line + 1, lines[line].IndexOf(text, StringComparison.Ordinal) + 1);
    }

    /// <summary>
    /// A zoom takes its region from a cell inspection's defect list: the centre of the defect at the index, 0 the
    /// first; a missing file, an index past the list, a file that is not a defect list, or coordinates given as well
    /// are located errors.
    /// </summary>
    [Theory]
    [InlineData("from: defects.csv, index: 1", null, null)]
    [InlineData("from: defects.csv, index: 2", "roi.index", "2 is past the list")]
    [InlineData("from: missing.csv, index: 0", "roi.from", "cannot read")]
    [InlineData("from: plan.yaml, index: 0", "roi.from", "is not a cell inspection's defects.csv")]
    [InlineData("from: defects.csv, index: 0, x_mm: 1", "roi.x_mm", "not both")]
    public void A_zoom_region_comes_from_a_defect_list(string region, string? path, string? message)
    {
        string folder = Directory.CreateTempSubdirectory("roi-from-").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(folder, "defects.csv"), [DefectList.Header, "copper-deflection,1,0.16,0.47,24.5,75.5,0.74,0.426,0.597,0.288,-45.2,2773", "void,1,-0.87,-0.58,253,313,0.82,0.4866,-0.6824,-0.7021,43.8,3417"]);
            string text = File.ReadAllText(XrayController.Tests.Shared.RepositoryPaths.Plan("lab-demo-zoom.yaml")).Replace("x_mm: 0.487, y_mm: -0.682, z_mm: -0.702", region, StringComparison.Ordinal);
            string plan = Path.Combine(folder, "plan.yaml");
            File.WriteAllText(plan, text);

            PlanReadResult read = PlanReader.Read(text, plan);

            if (path is null)
            {
                Assert.True(read.Succeeded, string.Join("; ", read.Diagnostics));
                Assert.Equal((0.4866, -0.6824, -0.7021), (read.Document!.Plan.Roi!.XMm, read.Document.Plan.Roi.YMm, read.Document.Plan.Roi.ZMm));
            }
            else
            {
                Diagnostic error = Assert.Single(read.Diagnostics, d => d.IsError);
                Assert.Equal(path, error.Path);
                Assert.Contains(message!, error.Message, StringComparison.Ordinal);
                Assert.True(error.Location.IsKnown, error.ToString());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
