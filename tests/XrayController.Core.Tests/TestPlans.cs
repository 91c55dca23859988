using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Tests.Shared;

namespace XrayController.Core.Tests;

/// <summary>Reads plans and profiles for tests, failing with every finding when they should have read cleanly.</summary>
internal static class TestPlans
{
    public static PlanDocument Read(string yaml)
    {
        PlanReadResult result = PlanReader.Read(yaml, "test.yaml");
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Document!;
    }

    public static IReadOnlyList<Diagnostic> Errors(string yaml) =>
        [.. PlanReader.Read(yaml, "test.yaml").Diagnostics.Where(d => d.IsError)];

    public static InstrumentProfile Profile(string name)
    {
        InstrumentProfileReadResult result = InstrumentProfileReader.Read(File.ReadAllText(RepositoryPaths.Instrument(name)), name + ".json");
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Profile!;
    }

    /// <summary>A valid parallel-beam plan for the demo instrument, with <paramref name="extra"/> lines appended.</summary>
    public static string Minimal(string rotation = "{ start_deg: 0, stop_deg: 10, step_deg: 1 }", string extra = "") => $$"""
        name: t
        technique: parallel-ct
        instrument: demo
        sample: { name: s, out_of_beam: { x_mm: 2.0 } }
        detector: { exposure_s: 0.1 }
        rotation: {{rotation}}
        {{extra}}
        """;
}
