using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XrayController.Core.Instruments;
using XrayController.Host.Bench;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Offline;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl bench recon [--size N] [--angles P] [--slices S] [--repeat R] [--json]</c>,
/// <c>xrayctl bench stream [--frames N] [--size N] [--json]</c>, <c>xrayctl bench devices [--round-trips N] [--instrument P] [--json]</c>
/// and <c>xrayctl bench xanes [--size N] [--particles K] [--memory-gb G [--runs R] [--dir D]] [--json]</c>.
/// </summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Measure speed (figures, not pass/fail).") { Recon(), Stream(), Devices(), Xanes(), Phase(), FdkCommand(), PlastimatchCommand(), Scale(), SoakCommand.Create() };

    private static Command Recon()
    {
        var size = new Option<int>("--size") { Description = "Detector width N (slices are N × N).", DefaultValueFactory = _ => 512 };
        var angles = new Option<int>("--angles") { Description = "Projections P.", DefaultValueFactory = _ => 720 };
        var slices = new Option<int>("--slices") { Description = "Slices reconstructed.", DefaultValueFactory = _ => 32 };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs per figure (the median is reported).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var command = new Command("recon", "Filtering, back-projection and the whole pipeline: median time and GUPS, one thread and all cores; live projections/s.") { size, angles, slices, repeat, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            (IReadOnlyList<StageFigure> stages, double live) = await Task.Run(() => ReconstructionBench.Run(parse.GetValue(size), parse.GetValue(angles), parse.GetValue(slices), Math.Max(1, parse.GetValue(repeat))), cancellationToken).ConfigureAwait(false);
            string text = parse.GetValue(json)
                ? JsonSerializer.Serialize(
                    new Dictionary<string, object>
                    {
                        ["size"] = parse.GetValue(size),
                        ["angles"] = parse.GetValue(angles),
                        ["slices"] = parse.GetValue(slices),
                        ["cores"] = Environment.ProcessorCount,
                        ["stages"] = stages.Select(s => new Dictionary<string, object> { ["stage"] = s.Stage, ["threads"] = s.Threads, ["median_s"] = Math.Round(s.Seconds, 4), ["gups"] = Math.Round(s.Gups, 3) }),
                        ["live_preview_projections_per_s"] = Math.Round(live, 1),
                    },
                    new JsonSerializerOptions { WriteIndented = true })
                : string.Join(Environment.NewLine, stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Stage,-12} {s.Threads} thread(s): {s.Seconds:0.000} s, {s.Gups:0.00} GUPS"))
                    .Append(string.Create(CultureInfo.InvariantCulture, $"live, three preview slices: {live:0.0} projections/s")));
            await parse.InvocationConfiguration.Output.WriteLineAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Xanes()
    {
        var size = new Option<int>("--size") { Description = "Volume edge N (N³ voxels at each of 63 energies).", DefaultValueFactory = _ => 256 };
        var particles = new Option<int>("--particles") { Description = "Spheres in the synthetic volume (1 to 255).", DefaultValueFactory = _ => 40 };
        var memory = new Option<double?>("--memory-gb") { Description = "Write the stack to disk and analyse it under this budget in a process of its own (peak memory and time beside the estimate); without it the stack is analysed in memory." };
        var runs = new Option<int>("--runs") { Description = "With --memory-gb: analyses of the same stack; each one's time and peak are reported.", DefaultValueFactory = _ => 1 };
        var directory = new Option<string?>("--dir") { Description = "With --memory-gb: where the stack and the analysis are written, then deleted; default a new temporary folder." };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var command = new Command("xanes", "The XANES analysis (normalisation, edge energies, segmentation, tables) of 63 synthetic volumes, in memory or from disk under a memory budget.") { size, particles, memory, runs, directory, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            (int n, int k, int r) = (parse.GetValue(size), parse.GetValue(particles), parse.GetValue(runs));
            if (n is < 32 or > 1024 || k is < 1 or > 255 || r is < 1 or > 10)
            {
                throw new Core.Diagnostics.InputException($"--size must be 32 to 1024, --particles 1 to 255 and --runs 1 to 10; got {n}, {k}, {r}");
            }

            if (parse.GetValue(memory) is { } gb)
            {
                string folder = parse.GetValue(directory) ?? Directory.CreateTempSubdirectory("xrayctl-xanes-").FullName;
                using IHost host = XrayctlHost.Build();
                XanesScaleFigures s = await XanesBench.RunOnDiskAsync(n, k, MemoryBudgetOption.Bytes(gb), r, folder, host.Services.GetRequiredService<KernelRateCache>(), cancellationToken).ConfigureAwait(false);
                await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? ScaleJson(s) : ScaleText(s)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            XanesFigures f = await Task.Run(() => XanesBench.Run(n, k), cancellationToken).ConfigureAwait(false);
            string text = parse.GetValue(json)
                ? JsonSerializer.Serialize(
                    new Dictionary<string, object>
                    {
                        ["size"] = f.Size,
                        ["energies"] = f.Energies,
                        ["cores"] = Environment.ProcessorCount,
                        ["total_s"] = Math.Round(f.TotalS, 2),
                        ["edge_map_s"] = Math.Round(f.EdgeMapS, 2),
                        ["segmentation_s"] = Math.Round(f.SegmentationS, 2),
                        ["grains"] = f.Grains,
                        ["fragments"] = f.Fragments,
                    },
                    new JsonSerializerOptions { WriteIndented = true })
                : string.Create(CultureInfo.InvariantCulture, $"XANES analysis of {f.Energies} volumes of {f.Size}³ on {Environment.ProcessorCount} cores: {f.TotalS:0.0} s in all (edge map {f.EdgeMapS:0.0} s, segmentation {f.SegmentationS:0.0} s); {f.Fragments} fragments, {f.Grains} grains");
            await parse.InvocationConfiguration.Output.WriteLineAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string ScaleJson(XanesScaleFigures s) => JsonSerializer.Serialize(
        new Dictionary<string, object>
        {
            ["size"] = s.Size,
            ["energies"] = s.Energies,
            ["cores"] = Environment.ProcessorCount,
            ["budget_bytes"] = s.BudgetBytes,
            ["stack_bytes"] = s.StackBytes,
            ["generate_s"] = Math.Round(s.GenerateSeconds, 1),
            ["estimate_peak_memory_bytes"] = s.Estimate.PeakMemoryBytes,
            ["estimate_bytes_written"] = s.Estimate.BytesWritten,
            ["estimate_seconds"] = Math.Round(s.EstimateSeconds, 1),
            ["slabs"] = s.Estimate.Units,
            ["seconds"] = s.Seconds.Select(t => Math.Round(t, 1)),
            ["peak_resident_bytes"] = s.PeakResidentBytes,
        },
        new JsonSerializerOptions { WriteIndented = true });

    private static string ScaleText(XanesScaleFigures s) => string.Create(CultureInfo.InvariantCulture, $"""
        stack: {s.Energies} energies of {s.Size}³ ({s.StackBytes / 1e9:0.00} GB on disk, made in {s.GenerateSeconds:0} s)
        estimate: peak memory {s.Estimate.PeakMemoryBytes / 1e9:0.00} GB in {s.Estimate.Units} slabs, writes {s.Estimate.BytesWritten / 1e9:0.00} GB, {s.EstimateSeconds:0} s
        measured: {string.Join(", ", s.Seconds.Zip(s.PeakResidentBytes, (t, p) => string.Create(CultureInfo.InvariantCulture, $"{t:0} s with {p / 1e9:0.00} GB resident")))} (budget {s.BudgetBytes / 1e9:0.##} GB)
        """);

    private static Command Phase()
    {
        var size = new Option<int>("--size") { Description = "Hologram edge N (N × N at each of 4 distances); 1024 is the target's size, 2048 the preset's.", DefaultValueFactory = _ => 1024 };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs after a warm-up; the median is reported.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var command = new Command("phase", "Phase retrieval of one angle (CTF over 4 distances, iterative CTF, Paganin) and the 2D FFT candidates at the padded size.") { size, repeat, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            int n = parse.GetValue(size);
            if (n is < 16 or > 4096)
            {
                throw new Core.Diagnostics.InputException($"--size must be 16 to 4096; got {n}");
            }

            PhaseFigures f = await Task.Run(() => PhaseBench.Run(n, Math.Max(1, parse.GetValue(repeat))), cancellationToken).ConfigureAwait(false);
            string text = parse.GetValue(json)
                ? JsonSerializer.Serialize(
                    new Dictionary<string, object>
                    {
                        ["size"] = f.Size,
                        ["padded"] = f.Padded,
                        ["distances"] = f.Distances,
                        ["cores"] = Environment.ProcessorCount,
                        ["fft_nwaves_ms"] = Math.Round(f.NWavesFftS * 1000, 1),
                        ["fft_mathnet_ms"] = Math.Round(f.MathNetFftS * 1000, 1),
                        ["setup_s"] = Math.Round(f.SetupS, 3),
                        ["ctf_s"] = Math.Round(f.LinearCtfS, 3),
                        ["ctf_2_iterations_s"] = Math.Round(f.IterativeCtfS, 3),
                        ["paganin_s"] = Math.Round(f.PaganinS, 3),
                    },
                    new JsonSerializerOptions { WriteIndented = true })
                : string.Create(CultureInfo.InvariantCulture, $"phase retrieval of one angle, {f.Distances} distances of {f.Size}², padded to {f.Padded}², on {Environment.ProcessorCount} cores: CTF {f.LinearCtfS:0.000} s, CTF with 2 refinements {f.IterativeCtfS:0.000} s, Paganin {f.PaganinS:0.000} s (setup {f.SetupS:0.00} s once); one {f.Padded}² FFT: NWaves {f.NWavesFftS * 1000:0.0} ms, MathNet {f.MathNetFftS * 1000:0.0} ms");
            await parse.InvocationConfiguration.Output.WriteLineAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command FdkCommand()
    {
        var size = new Option<int>("--size") { Description = "Detector N × N and volume N³.", DefaultValueFactory = _ => 256 };
        var projections = new Option<int>("--projections") { Description = "Projections over 360°.", DefaultValueFactory = _ => 360 };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs after a warm-up; the median is reported.", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var command = new Command("fdk", "Cone-beam FDK: weighting and filtering, and the voxel-driven back-projection (GUPS), on one thread and on every core.") { size, projections, repeat, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            int n = parse.GetValue(size);
            int p = parse.GetValue(projections);
            if (n is < 16 or > 2048 || p is < 16 or > 10000)
            {
                throw new Core.Diagnostics.InputException($"--size must be 16 to 2048 and --projections 16 to 10000; got {n} and {p}");
            }

            IReadOnlyList<FdkFigures> figures = await Task.Run(() => FdkBench.Run(n, p, Math.Max(1, parse.GetValue(repeat))), cancellationToken).ConfigureAwait(false);
            string text = parse.GetValue(json)
                ? JsonSerializer.Serialize(
                    figures.Select(f => new Dictionary<string, object>
                    {
                        ["size"] = f.Size,
                        ["projections"] = f.Projections,
                        ["threads"] = f.Threads,
                        ["filter_s"] = Math.Round(f.FilterS, 3),
                        ["backproject_s"] = Math.Round(f.BackprojectS, 3),
                        ["gups"] = Math.Round(f.Gups, 3),
                    }),
                    new JsonSerializerOptions { WriteIndented = true })
                : string.Join(Environment.NewLine, figures.Select(f => string.Create(CultureInfo.InvariantCulture,
                    $"FDK of {f.Projections} projections of {f.Size}² into {f.Size}³ on {f.Threads} thread(s): weighting and filtering {f.FilterS:0.000} s, back-projection {f.BackprojectS:0.000} s ({f.Gups:0.00} GUPS)")));
            await parse.InvocationConfiguration.Output.WriteLineAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Scale()
    {
        var memory = new Option<double>("--memory-gb") { Description = "The reconstruction's memory budget.", DefaultValueFactory = _ => 2.0 };
        var rows = new Option<int>("--rows") { Description = "Detector rows of the dataset (the seed panel has 2304).", DefaultValueFactory = _ => 256 };
        var columns = new Option<int>("--columns") { Description = "Detector columns (the seed panel's full width is 2940).", DefaultValueFactory = _ => ScaleBench.SeedColumns };
        var projections = new Option<int>("--projections") { Description = "Projections over 360° (the seed scan has 4801).", DefaultValueFactory = _ => 360 };
        var directory = new Option<string?>("--dir") { Description = "Where the dataset and its volume are written, then deleted; default a new temporary folder." };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var command = new Command("scale", "The seed's lab micro-CT at its full panel width: a cone-beam dataset made here, reconstructed under a memory budget in a process of its own; peak memory and time beside the estimate, and the time of one full seed tile.") { memory, rows, columns, projections, directory, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            (int r, int c, int p, double gb) = (parse.GetValue(rows), parse.GetValue(columns), parse.GetValue(projections), parse.GetValue(memory));
            long budget = MemoryBudgetOption.Bytes(gb);
            if (r is < 8 or > ScaleBench.SeedRows || c is < 64 or > 4096 || p is < 16 or > ScaleBench.SeedProjections)
            {
                throw new Core.Diagnostics.InputException($"--rows must be 8 to {ScaleBench.SeedRows}, --columns 64 to 4096 and --projections 16 to {ScaleBench.SeedProjections}; got {r}, {c}, {p}");
            }

            string folder = parse.GetValue(directory) ?? Directory.CreateTempSubdirectory("xrayctl-scale-").FullName;
            using IHost host = XrayctlHost.Build();
            ScaleFigures f = await ScaleBench.RunAsync(c, r, p, budget, folder, host.Services.GetRequiredService<KernelRateCache>(), host.Services.GetRequiredService<OfflineReconstruction>(), cancellationToken).ConfigureAwait(false);
            string text = parse.GetValue(json)
                ? JsonSerializer.Serialize(
                    new Dictionary<string, object>
                    {
                        ["columns"] = f.Columns,
                        ["rows"] = f.Rows,
                        ["projections"] = f.Projections,
                        ["budget_bytes"] = f.BudgetBytes,
                        ["input_bytes"] = f.InputBytes,
                        ["generate_s"] = Math.Round(f.GenerateSeconds, 1),
                        ["estimate_peak_memory_bytes"] = f.Estimate.PeakMemoryBytes,
                        ["estimate_bytes_written"] = f.Estimate.BytesWritten,
                        ["estimate_seconds"] = Math.Round(f.EstimateSeconds, 1),
                        ["slabs"] = f.Estimate.Units,
                        ["seconds"] = Math.Round(f.Seconds, 1),
                        ["peak_resident_bytes"] = f.PeakResidentBytes,
                        ["output_bytes"] = f.OutputBytes,
                        ["gups"] = Math.Round(f.Gups, 3),
                        ["full_tile_seconds"] = Math.Round(f.FullTileSeconds),
                        ["full_tile_estimate_seconds"] = Math.Round(f.FullTileEstimateSeconds),
                    },
                    new JsonSerializerOptions { WriteIndented = true })
                : string.Create(CultureInfo.InvariantCulture, $"""
                    dataset: {f.Projections} projections of {f.Rows} x {f.Columns} ({f.InputBytes / 1e9:0.00} GB, made in {f.GenerateSeconds:0} s)
                    estimate: peak memory {f.Estimate.PeakMemoryBytes / 1e9:0.00} GB in {f.Estimate.Units} slabs, writes {f.Estimate.BytesWritten / 1e9:0.00} GB, {f.EstimateSeconds:0} s
                    measured: peak resident {f.PeakResidentBytes / 1e9:0.00} GB (budget {f.BudgetBytes / 1e9:0.##} GB), {f.Seconds:0} s ({f.Gups:0.00} GUPS), wrote {f.OutputBytes / 1e9:0.00} GB
                    one seed tile ({ScaleBench.SeedColumns}² x {ScaleBench.SeedRows} from {ScaleBench.SeedProjections} projections): {f.FullTileSeconds / 3600:0.0} h at this run's rate, {f.FullTileEstimateSeconds / 3600:0.0} h estimated; four tiles {4 * f.FullTileSeconds / 3600:0.0} h
                    """);
            await parse.InvocationConfiguration.Output.WriteLineAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command PlastimatchCommand()
    {
        var size = new Option<int>("--size") { Description = "Detector N × N and volume N³ (1 mm voxels).", DefaultValueFactory = _ => 128 };
        var projections = new Option<int>("--projections") { Description = "Projections over 360°.", DefaultValueFactory = _ => 180 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var command = new Command("plastimatch", "FDK here against plastimatch fdk on the same plastimatch drr projections of a 3D Shepp–Logan phantom: RMSE against the phantom and wall times.") { size, projections, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            int n = parse.GetValue(size);
            int p = parse.GetValue(projections);
            if (n is < 16 or > 1024 || p is < 16 or > 3600)
            {
                throw new Core.Diagnostics.InputException($"--size must be 16 to 1024 and --projections 16 to 3600; got {n} and {p}");
            }

            if (!PlastimatchComparison.Available())
            {
                throw new Core.Diagnostics.InputException($"{PlastimatchComparison.Executable} is not on the PATH (Debian: apt-get install plastimatch)");
            }

            string work = Directory.CreateTempSubdirectory("xrayctl-plastimatch-").FullName;
            try
            {
                PlastimatchFigures f = await Task.Run(() => PlastimatchComparison.Run(n, p, work), cancellationToken).ConfigureAwait(false);
                string text = parse.GetValue(json)
                    ? JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["size"] = f.Size,
                        ["projections"] = f.Projections,
                        ["rmse_per_mm"] = Math.Round(f.RmsePerMm, 6),
                        ["plastimatch_rmse_per_mm"] = Math.Round(f.PlastimatchRmsePerMm, 6),
                        ["rmse_ratio"] = Math.Round(f.RmseRatio, 4),
                        ["seconds"] = Math.Round(f.Seconds, 3),
                        ["plastimatch_seconds"] = Math.Round(f.PlastimatchSeconds, 3),
                        ["speed_up"] = Math.Round(f.SpeedUp, 2),
                    })
                    : string.Create(CultureInfo.InvariantCulture,
                        $"FDK of {f.Projections} plastimatch drr projections of {f.Size}² into {f.Size}³ (Shepp–Logan, 1/mm): RMSE {f.RmsePerMm:0.00000} here, {f.PlastimatchRmsePerMm:0.00000} plastimatch fdk after its best affine fit (ratio {f.RmseRatio:0.00}); {f.Seconds:0.00} s here, {f.PlastimatchSeconds:0.00} s plastimatch fdk -A cpu ({f.SpeedUp:0.0}× faster); drr took {f.DrrSeconds:0.0} s");
                await parse.InvocationConfiguration.Output.WriteLineAsync(text).ConfigureAwait(false);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Stream()
    {
        var frames = new Option<int>("--frames") { Description = "Projections published.", DefaultValueFactory = _ => 1000 };
        var size = new Option<int>("--size") { Description = "Frame width and height.", DefaultValueFactory = _ => 512 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var command = new Command("stream", "Frames through NetMQ into the ring buffer with live preview: frames/s, MB/s, gaps and drops.") { frames, size, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            StreamFigures figures = await StreamBench.RunAsync(parse.GetValue(frames), parse.GetValue(size), cancellationToken).ConfigureAwait(false);
            string text = parse.GetValue(json)
                ? JsonSerializer.Serialize(
                    new Dictionary<string, object>
                    {
                        ["frames"] = figures.Frames,
                        ["size"] = figures.Size,
                        ["seconds"] = Math.Round(figures.Seconds, 3),
                        ["frames_per_s"] = Math.Round(figures.FramesPerS, 1),
                        ["mb_per_s"] = Math.Round(figures.MegabytesPerS, 1),
                        ["received"] = figures.Counters.Received,
                        ["processed"] = figures.Counters.Processed,
                        ["transport_gaps"] = figures.Counters.TransportGaps,
                        ["preview_drops"] = figures.Counters.PreviewDrops,
                    },
                    new JsonSerializerOptions { WriteIndented = true })
                : string.Create(CultureInfo.InvariantCulture, $"{figures.Frames} frames of {figures.Size} x {figures.Size} in {figures.Seconds:0.000} s: {figures.FramesPerS:0} frames/s, {figures.MegabytesPerS:0} MB/s into the ring; {figures.Counters.TransportGaps} transport gaps, {figures.Counters.PreviewDrops} preview drops, {figures.Counters.Processed} reconstructed live");
            await parse.InvocationConfiguration.Output.WriteLineAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Devices()
    {
        var roundTrips = new Option<int>("--round-trips") { Description = "Commands sent on each link.", DefaultValueFactory = _ => 10_000 };
        var instrument = new Option<string>("--instrument") { Description = "Simulated instrument profile whose servers are measured.", DefaultValueFactory = _ => "demo" };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object." };
        var command = new Command("devices", "Command round trips to the simulated devices over pseudo-terminals and TCP: median and 99th percentile, errors.") { roundTrips, instrument, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            int count = Math.Max(1, parse.GetValue(roundTrips));
            using IHost host = XrayctlHost.Build();
            InstrumentProfile profile = host.Services.GetRequiredService<InstrumentCatalog>().Load(parse.GetValue(instrument)!);
            IReadOnlyList<LinkFigures> figures = await DeviceBench.RunAsync(host.Services.GetRequiredService<InstrumentBuilder>(), profile, count, cancellationToken).ConfigureAwait(false);
            string text = parse.GetValue(json)
                ? JsonSerializer.Serialize(
                    figures.Select(f => new Dictionary<string, object>
                    {
                        ["link"] = f.Link,
                        ["command"] = f.Command,
                        ["round_trips"] = f.RoundTrips,
                        ["errors"] = f.Errors,
                        ["median_us"] = Math.Round(f.MedianUs, 1),
                        ["p99_us"] = Math.Round(f.P99Us, 1),
                    }),
                    new JsonSerializerOptions { WriteIndented = true })
                : string.Join(Environment.NewLine, figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Link,-26} {f.Command,-14} {f.RoundTrips} round trips, {f.Errors} errors: median {f.MedianUs:0} µs, p99 {f.P99Us:0} µs")));
            await parse.InvocationConfiguration.Output.WriteLineAsync(text).ConfigureAwait(false);
            return figures.Any(f => f.Errors > 0) ? ExitCodes.Failure : ExitCodes.Success;
        }));
        return command;
    }
}
