using XrayController.Acquisition.Engine;
using XrayController.Core.Instruments;
using XrayController.Core.Plans;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Core.Timing;
using XrayController.Simulators;
using XrayController.Simulators.InProcess;
using XrayController.Storage;
using XrayController.Tests.Shared;

namespace XrayController.Pipelines.Tests;

/// <summary>A scan file made by the engine from the in-process instrument: the file, what was compiled, and the simulated scene.</summary>
public sealed record SimulatedScan(string RawFile, CompiledScan Scan, SimulationScene Scene);

/// <summary>
/// Small scans of the preset plans on the simulated instruments, run by the real engine on the in-process capability
/// fakes and a virtual clock into a real scan file (and, when given, further sinks such as a frame publisher).
/// </summary>
internal static class SimulatedScans
{
    /// <param name="edit">Changes to the preset plan's text (fewer angles, coarser binning, …).</param>
    public static async Task<SimulatedScan> RunAsync(string directory, string plan, string instrument, Func<string, string> edit, params IScanSink[] sinks) =>
        await RunAsync(directory, edit(File.ReadAllText(RepositoryPaths.Plan(plan))), File.ReadAllText(RepositoryPaths.Instrument(instrument)), sinks);

    public static async Task<SimulatedScan> RunAsync(string directory, string planText, string profileText, params IScanSink[] sinks)
    {
        PlanReadResult plan = PlanReader.Read(planText, "plan.yaml");
        Assert.True(plan.Succeeded, string.Join(Environment.NewLine, plan.Diagnostics));
        InstrumentProfileReadResult profile = InstrumentProfileReader.Read(profileText, "profile.json");
        Assert.True(profile.Succeeded, string.Join(Environment.NewLine, profile.Diagnostics));
        CompiledScan scan = PlanCompiler.Compile(plan.Document!.Plan, profile.Profile!.WithConfiguration(plan.Document.Plan.Detector.Configuration));
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        InProcessInstrument instrument = InProcessInstrument.Create(scan.Profile, clock);
        string raw = Path.Combine(directory, ScanFileNames.RawFile(scan.Plan.Name, DateTimeOffset.UtcNow));
        var provenance = new ScanProvenance("test", "plan.yaml", planText, "profile.json", profileText, Simulated: true, instrument.Scene.RotationAxisPxAt(scan.Plan), raw);
        ScanEnded ended;
        await using (var writer = new ScanFileWriter(raw, FrameCompression.None))
        {
            ended = await new ScanEngine(instrument.Devices, clock).RunAsync(scan, provenance, [writer, .. sinks], CancellationToken.None);
        }

        Assert.True(ended.Status == ScanStatus.Completed, ended.Reason);
        return new SimulatedScan(raw, scan, instrument.Scene);
    }

    /// <summary>Replaces a whole line of a plan (the one starting with <paramref name="key"/>).</summary>
    public static string Line(string plan, string key, string line) =>
        string.Join('\n', plan.Split('\n').Select(l => l.StartsWith(key, StringComparison.Ordinal) ? line : l));
}
