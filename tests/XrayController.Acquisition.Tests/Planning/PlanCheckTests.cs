using XrayController.Acquisition.Planning;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Tests.Shared;

namespace XrayController.Acquisition.Tests.Planning;

public class PlanCheckTests
{
    private static ProfileLookup FindProfile(string name) =>
        File.Exists(RepositoryPaths.Instrument(name))
            ? ProfileLookup.Found(name + ".json", File.ReadAllText(RepositoryPaths.Instrument(name)))
            : ProfileLookup.NotFound($"no instrument profile named '{name}'");

    private static PlanReadResult Demo() => PlanReader.Read(File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml")), "demo-parallel.yaml");

    [Fact]
    public void A_valid_plan_gets_steps_and_an_estimate()
    {
        PlanCheckReport report = PlanCheck.Run(Demo(), FindProfile, null, 100_000_000_000, "out");

        Assert.True(report.IsValid);
        Assert.NotNull(report.Scan);
        Assert.NotNull(report.Estimate);
    }

    [Fact]
    public void Too_little_disk_is_a_violation_naming_the_directory()
    {
        PlanCheckReport report = PlanCheck.Run(Demo(), FindProfile, null, 1_000_000, "/data/scans");

        Diagnostic violation = Assert.Single(report.Violations);
        Assert.Contains("too little disk space in /data/scans", violation.Message, StringComparison.Ordinal);
        Assert.NotNull(report.Estimate);
    }

    [Fact]
    public void Where_the_plan_is_only_checked_too_little_disk_is_a_warning()
    {
        PlanCheckReport report = PlanCheck.Run(Demo(), FindProfile, null, 1_000_000, "/data/scans", Severity.Warning);

        Assert.Empty(report.Violations);
        Diagnostic warning = Assert.Single(report.Warnings);
        Assert.EndsWith("GB are free; scan refuses it there until that much is free", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_profile_is_reported_at_the_plans_instrument_line()
    {
        PlanReadResult plan = PlanReader.Read(File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml")).Replace("instrument: demo", "instrument: nowhere", StringComparison.Ordinal), "p.yaml");

        Diagnostic violation = Assert.Single(PlanCheck.Run(plan, FindProfile, null, null, "out").Violations);

        Assert.Equal("instrument", violation.Path);
        Assert.Equal(4, violation.Location.Line);
    }

    [Fact]
    public void A_detector_configuration_replaces_the_main_detector_and_an_unknown_one_is_named_with_those_offered()
    {
        string zoom = File.ReadAllText(RepositoryPaths.Plan("lab-demo-zoom.yaml"));

        PlanCheckReport report = PlanCheck.Run(PlanReader.Read(zoom, "zoom.yaml"), FindProfile, null, null, "out");
        Assert.True(report.IsValid, string.Join("; ", report.Violations));
        Assert.Equal(("objective-4x", 256, 64), (report.Profile!.Configuration, report.Scan!.FrameColumns, report.Scan.FrameRows));
        Assert.Equal(1.2, XrayController.Core.Instruments.ProfileGeometry.EffectivePixelUm(report.Profile), 3);

        PlanReadResult unknown = PlanReader.Read(zoom.Replace("objective-4x", "objective-20x", StringComparison.Ordinal), "zoom.yaml");
        Diagnostic violation = Assert.Single(PlanCheck.Run(unknown, FindProfile, null, null, "out").Violations);
        Assert.Equal("detector.configuration", violation.Path);
        Assert.Contains("instrument 'lab-demo' has no detector configuration 'objective-20x'; it has objective-4x", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_instrument_replaces_the_plans()
    {
        PlanCheckReport report = PlanCheck.Run(Demo(), FindProfile, "txm-xanes", null, "out");

        Assert.Equal("txm-xanes", report.Profile!.Name);
        Assert.Contains(report.Violations, v => v.Path == "sample.out_of_beam.x_mm");
    }

    [Fact]
    public void Findings_come_in_reading_order()
    {
        PlanReadResult plan = PlanReader.Read("""
            name: t
            technique: parallel-ct
            instrument: demo
            sample: { name: s, out_of_beam: { x_mm: 50 } }
            detector: { exposure_s: 20 }
            rotation: { start_deg: 0, stop_deg: 500, step_deg: 1 }
            """, "t.yaml");

        int[] lines = [.. PlanCheck.Run(plan, FindProfile, null, null, "out").Violations.Select(v => v.Location.Line)];

        Assert.Equal([4, 5, 6], lines);
    }

    /// <summary>
    /// Near 0° the stage's cable chain would hit the flat-field holder if the sample went more than 4 mm to −x: taking
    /// the sample out to x − 5 mm for the start flats (the stage at 0°) enters the zone; out to x + 5 mm does not.
    /// </summary>
    [Fact]
    public void A_move_into_a_forbidden_zone_is_a_violation_at_the_plan_field_that_causes_it()
    {
        const string Zone = """
            "forbidden_zones": [ { "name": "cable chain vs flat holder", "axes": { "rotation": { "max_deg": 10 }, "sample_x": { "max_mm": -4 } } } ],
            """;
        string profile = File.ReadAllText(RepositoryPaths.Instrument("demo")).Replace("\"storage\":", Zone + "\n  \"storage\":", StringComparison.Ordinal);
        PlanReadResult plan = PlanReader.Read(File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml")).Replace("x_mm: 5.0", "x_mm: -5.0", StringComparison.Ordinal), "p.yaml");
        string text = File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml"));

        PlanCheckReport clear = PlanCheck.Run(PlanReader.Read(text, "p.yaml"), _ => ProfileLookup.Found("zoned.json", profile), null, 100_000_000_000, "out");
        PlanCheckReport report = PlanCheck.Run(plan, _ => ProfileLookup.Found("zoned.json", profile), null, 100_000_000_000, "out");

        Assert.True(clear.IsValid, string.Join(Environment.NewLine, clear.Violations));
        Diagnostic violation = Assert.Single(report.Violations);
        Assert.Equal("sample.out_of_beam", violation.Path);
        Assert.True(violation.Location.Line > 0);
        Assert.Contains("moving sample_x from 0 to -5 would enter forbidden zone 'cable chain vs flat holder'", violation.Message, StringComparison.Ordinal);
    }
}
