using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Tests.Shared;

namespace XrayController.Acquisition.Tests.Engine;

/// <summary>What the engine's tests share: the demo plan with another rotation, a provenance, image means, waiting.</summary>
internal static class EngineTestKit
{
    public static ScanProvenance Provenance { get; } = new("test", "plan.yaml", "", "profile.json", "", true, 63.75);

    /// <summary>The demo plan with its rotation line replaced, compiled on the demo profile (or on the profile text given).</summary>
    public static CompiledScan DemoPlan(string rotation, string? profileText = null)
    {
        string text = File.ReadAllText(RepositoryPaths.Plan("demo-parallel.yaml"));
        text = string.Join('\n', text.Split('\n').Select(l => l.StartsWith("rotation:", StringComparison.Ordinal) ? $"rotation: {rotation}" : l));
        PlanReadResult read = PlanReader.Read(text, "demo-parallel.yaml");
        Assert.True(read.Succeeded, string.Join(Environment.NewLine, read.Diagnostics));
        InstrumentProfileReadResult profile = InstrumentProfileReader.Read(profileText ?? File.ReadAllText(RepositoryPaths.Instrument("demo")), "demo.json");
        Assert.True(profile.Succeeded, string.Join(Environment.NewLine, profile.Diagnostics));
        return PlanCompiler.Compile(read.Document!.Plan, profile.Profile!);
    }

    public static double Mean(ReadOnlySpan<ushort> pixels)
    {
        double sum = 0;
        foreach (ushort p in pixels)
        {
            sum += p;
        }

        return sum / pixels.Length;
    }

    public static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
