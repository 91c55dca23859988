using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;
using XrayController.Host.Bench;
using XrayController.Host.Hosting;

namespace XrayController.Host.Cli;

/// <summary><c>xrayctl bench soak [--frames N] [--faults-per-1000 F] [--seed S] [--instrument P] [--out DIR] [--keep] [--json]</c>.</summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var frames = new Option<int>("--frames") { Description = "Frames of the scan (darks and flats included).", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<double>("--faults-per-1000") { Description = "Chance of a fault after each frame, per thousand frames (one fault at a time).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault schedule.", DefaultValueFactory = _ => 1 };
        var instrument = new Option<string>("--instrument") { Description = "Simulated profile with safety lines, beam monitor and environment sensor.", DefaultValueFactory = _ => "soak" };
        var output = new Option<string?>("--out") { Description = "Folder for the scan file (default: a temporary folder, removed afterwards unless --keep)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the scan file." };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object." };
        var command = new Command("soak", "A long simulated scan with random faults: every planned frame in the file exactly once, no safety violation, flat memory.")
        {
            frames, rate, seed, instrument, output, keep, json,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            int n = parse.GetValue(frames);
            double perThousand = parse.GetValue(rate);
            if (n < 100 || perThousand < 0 || perThousand > 100)
            {
                throw new InputException($"--frames must be at least 100 and --faults-per-1000 0 to 100; got {n} and {perThousand}");
            }

            using IHost host = XrayctlHost.Build();
            InstrumentProfile profile = host.Services.GetRequiredService<InstrumentCatalog>().Load(parse.GetValue(instrument)!);
            if (!profile.Simulated || profile.Safety is null || profile.BeamMonitor is null || profile.EnvironmentSensor is null)
            {
                throw new InputException($"instrument '{profile.Name}' must be simulated and have safety lines, a beam monitor and an environment sensor for a soak");
            }

            string directory = parse.GetValue(output) ?? Directory.CreateTempSubdirectory("xrayctl-soak-").FullName;
            Directory.CreateDirectory(directory);
            try
            {
                SoakReport report = await SoakBench.RunAsync(host.Services.GetRequiredService<InstrumentBuilder>(), profile, n, perThousand, parse.GetValue(seed), directory, cancellationToken).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? Json(report) : SoakBench.Line(report)).ConfigureAwait(false);
                bool clean = report.FramesMissing == 0 && report.Duplicates == 0 && report.SafetyViolations == 0 && report.FaultsSurvived == report.FaultsInjected;
                return clean ? ExitCodes.Success : ExitCodes.Failure;
            }
            finally
            {
                if (parse.GetValue(output) is null && !parse.GetValue(keep))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }));
        return command;
    }

    private static string Json(SoakReport r) => JsonSerializer.Serialize(
        new Dictionary<string, object>
        {
            ["frames_planned"] = r.FramesPlanned,
            ["frames_in_file"] = r.FramesInFile,
            ["frames_missing"] = r.FramesMissing,
            ["duplicates"] = r.Duplicates,
            ["retakes"] = r.Retakes,
            ["pauses"] = r.Pauses,
            ["faults_injected"] = r.FaultsInjected,
            ["faults_survived"] = r.FaultsSurvived,
            ["faults_by_kind"] = r.FaultsByKind,
            ["safety_violations"] = r.SafetyViolations,
            ["peak_memory_mb"] = Math.Round(r.PeakMemoryMb, 1),
            ["memory_mb_at_tenth"] = Math.Round(r.MemoryMbAtTenth, 1),
            ["memory_mb_at_end"] = Math.Round(r.MemoryMbAtEnd, 1),
            ["managed_mb_at_tenth"] = Math.Round(r.ManagedMbAtTenth, 1),
            ["managed_mb_at_nine_tenths"] = Math.Round(r.ManagedMbAtNineTenths, 1),
            ["status"] = r.Status,
            ["scan_time_s"] = Math.Round(r.ScanTimeS, 1),
            ["wall_s"] = Math.Round(r.WallS, 1),
        },
        new JsonSerializerOptions { WriteIndented = true });
}
