using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XrayController.Analysis;
using XrayController.Analysis.Cell;
using XrayController.Analysis.Fragments;
using XrayController.Analysis.Output;
using XrayController.Analysis.Xanes;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Cluster;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Reports;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl analyze xanes FILE [--out DIR] [--voxel-um X] [--e0 EV]</c> (here, or with <c>--slurm</c> as a Slurm job
/// array: <see cref="SlurmOptions"/>), <c>xrayctl analyze fragments FILE [--out DIR] [--voxel-um X] [--regions N]</c>
/// and <c>xrayctl analyze cell FILE [--out DIR] [--voxel-um X]</c>, each with <c>[--memory-gb G] [--estimate [--json]]</c>;
/// <c>xrayctl analyze zoom FILE [--out DIR] [--voxel-um X] [--json]</c>.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create() => new("analyze", "Analyse reconstructed data.") { Xanes(), Fragments(), Cell(), Zoom() };

    private static Command Xanes()
    {
        var file = new Argument<string?>("file") { Description = "A spectral reconstruction: /exchange/recon [energy, z, y, x] and /exchange/energy (eV).", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--out") { Description = "Output folder; default FILE_xanes beside the input." };
        var voxel = new Option<double?>("--voxel-um") { Description = "Voxel size in µm, when the file does not give it." };
        var e0 = new Option<double?>("--e0") { Description = "Edge energy (eV) to centre the fit windows on; default the derivative peak of the material's mean spectrum." };
        Option<double> memory = MemoryBudgetOption.Create("the per-voxel results and the slabs of the stack read at every energy");
        var estimate = new Option<bool>("--estimate") { Description = "Do not analyse: report the peak memory, the bytes written and the time on this machine (kernels calibrated once per machine)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the estimate with --estimate, the job with --slurm, else what the analysis wrote and its report." };
        var cluster = new SlurmOptions("the analysis", ClusterXanes.DefaultSlicesPerPart, assembles: false);
        var command = new Command("xanes", "Per-voxel Ni K-edge energy, particles, fragments and grains, with tables and plots; here or as a Slurm job array.") { file, output, voxel, e0, memory, estimate, json };
        foreach (Option option in cluster.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            bool slurm = cluster.Asked(parse);
            if (slurm && cluster.Resuming(parse))
            {
                if (parse.GetValue(file) is not null)
                {
                    throw new Core.Diagnostics.InputException("--resume continues the job folder's own file and settings: give no FILE");
                }

                using IHost resumed = XrayctlHost.Build();
                return await cluster.RunAsync(parse, resumed, null, parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            }

            string input = parse.GetValue(file) ?? throw new Core.Diagnostics.InputException("analyze xanes needs a FILE to analyse");
            string directory = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + "_xanes");
            long budget = MemoryBudgetOption.Bytes(parse.GetValue(memory));
            if (slurm)
            {
                if (parse.GetValue(estimate))
                {
                    throw new Core.Diagnostics.InputException("--estimate reports an analysis on this machine: leave out --slurm (analyze xanes --slurm states what each task asks of Slurm when it submits)");
                }

                using IHost host = XrayctlHost.Build();
                var work = new XanesWorkload(parse.GetValue(voxel), parse.GetValue(e0), budget, directory);
                return await cluster.RunAsync(parse, host, (services, options) => services.GetRequiredService<ClusterXanes>().Submit(input, work, options), parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            }

            using SpectralStackFile stack = SpectralStackFile.Open(input, parse.GetValue(voxel));
            if (parse.GetValue(estimate))
            {
                await WriteEstimateAsync(parse, AnalysisEstimates.Xanes(stack, directory, budget), json).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            XanesResult result = await Task.Run(() => XanesAnalysis.Run(stack, XanesOptions.Default with { E0Ev = parse.GetValue(e0) }, budget), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> written = XanesReport.Write(directory, result, SoftwareVersion.Current);
            await WriteResultAsync(parse, parse.GetValue(json), "xanes", input, directory, written, XanesReport.Summary(result)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Fragments()
    {
        var file = new Argument<string>("file") { Description = "A reconstruction: /exchange/recon [z, y, x] (δ after phase retrieval, or attenuation)." };
        var output = new Option<string?>("--out") { Description = "Output folder; default FILE_fragments beside the input." };
        var voxel = new Option<double?>("--voxel-um") { Description = "Voxel size in µm, when the file does not give it." };
        var regions = new Option<int>("--regions") { Description = "Equal depth regions through the electrode.", DefaultValueFactory = _ => FragmentOptions.Default.Regions };
        Option<double> memory = MemoryBudgetOption.Create("the volume and its masks and labels (the analysis holds the whole volume; a larger one is refused before it is read)");
        var estimate = new Option<bool>("--estimate") { Description = "Do not analyse: report the peak memory and the time on this machine." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the estimate with --estimate, else what the analysis wrote and its report." };
        var command = new Command("fragments", "Particles and their fragments, with the fragment size distribution through the electrode's depth (table and plot).") { file, output, voxel, regions, memory, estimate, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            string input = parse.GetValue(file)!;
            int count = parse.GetValue(regions);
            if (count is < 1 or > 50)
            {
                throw new Core.Diagnostics.InputException($"--regions must be 1 to 50; got {count}");
            }

            string directory = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + "_fragments");
            long budget = MemoryBudgetOption.Bytes(parse.GetValue(memory));
            using VolumeFile volume = VolumeFile.Open(input, parse.GetValue(voxel), "the fragment analysis");
            if (parse.GetValue(estimate))
            {
                await WriteEstimateAsync(parse, AnalysisEstimates.Fragments(volume, directory, budget), json).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            FragmentAnalysis.CheckBudget(volume, budget);
            FragmentResult result = await Task.Run(() => FragmentAnalysis.Run(PhaseVolume.Read(volume), FragmentOptions.Default with { Regions = count }), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> written = FragmentReport.Write(directory, result);
            await WriteResultAsync(parse, parse.GetValue(json), "fragments", input, directory, written, FragmentReport.Summary(result)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Cell()
    {
        var file = new Argument<string>("file") { Description = "A cone-beam reconstruction of a wound cell: /exchange/recon [z, y, x] attenuation (1/mm), top_z_mm the height of slice 0." };
        var output = new Option<string?>("--out") { Description = "Output folder; default FILE_cell beside the input." };
        var voxel = new Option<double?>("--voxel-um") { Description = "Voxel size in µm, when the file does not give it." };
        Option<double> memory = MemoryBudgetOption.Create("the slabs of slices read at a time");
        var estimate = new Option<bool>("--estimate") { Description = "Do not inspect: report the peak memory, the bytes written and the time on this machine (from the middle slice)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the estimate with --estimate, else what the inspection wrote and its report." };
        var command = new Command("cell", "Cell inspection: the can, the cathode electrode's thickness along the winding, delamination voids and deflected copper foils with their positions.") { file, output, voxel, memory, estimate, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            string input = parse.GetValue(file)!;
            string directory = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + "_cell");
            long budget = MemoryBudgetOption.Bytes(parse.GetValue(memory));
            if (parse.GetValue(estimate))
            {
                using VolumeFile volume = VolumeFile.Open(input, parse.GetValue(voxel), "the cell inspection");
                await WriteEstimateAsync(parse, CellReport.AsInput(volume.Source, () => AnalysisEstimates.Cell(volume, directory, budget)), json).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            CellInspectionResult result = await Task.Run(() => CellReport.Inspect(input, parse.GetValue(voxel), budget), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> written = CellReport.Write(directory, result, input);
            await WriteResultAsync(parse, parse.GetValue(json), "cell", input, directory, written, CellReport.Text(result)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Zoom()
    {
        var file = new Argument<string>("file") { Description = "A roi scan's cone-beam reconstruction of a region of a wound cell: /exchange/recon with sample_roi_centre_mm and roi_diameter_mm (as xrayctl scan writes it)." };
        var output = new Option<string?>("--out") { Description = "Output folder; default FILE_zoom beside the input." };
        var voxel = new Option<double?>("--voxel-um") { Description = "Voxel size in µm, when the file does not give it." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object." };
        var command = new Command("zoom", "Zoom inspection: the foils, the voids beside them and the copper foils' displacement, measured along lines from the cell's axis.") { file, output, voxel, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            string input = parse.GetValue(file)!;
            string directory = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + "_zoom");
            ZoomInspectionResult result = await Task.Run(() => ZoomReport.Inspect(input, parse.GetValue(voxel)), cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> written = ZoomReport.Write(directory, result);
            string page = AnalysisReport("zoom", input, directory, written, ZoomReport.Text(result));
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? System.Text.Json.JsonSerializer.Serialize(ZoomReport.Summary(result)) : ZoomReport.Text(result)).ConfigureAwait(false);
            if (!parse.GetValue(json))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"wrote {written.Count} files to {directory}; report -> {page}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// Keeps the analysis's report in its folder (<c>analysis_summary.json</c>, <c>analysis_report.html</c>) and says what
    /// was found and written: its lines, or with <paramref name="json"/> one object (<see cref="Summary"/> with <c>report</c>).
    /// </summary>
    private static async Task WriteResultAsync(ParseResult parse, bool json, string kind, string input, string directory, IReadOnlyList<string> written, string text)
    {
        string page = AnalysisReport(kind, input, directory, written, text);
        await parse.InvocationConfiguration.Output.WriteLineAsync(json
            ? System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>(Summary(kind, input, directory, written)) { ["report"] = page })
            : $"{text}{Environment.NewLine}wrote {written.Count} files to {directory}; report -> {page}").ConfigureAwait(false);
    }

    /// <summary>Writes the analysis's summary and report page into its folder; returns the page's path.</summary>
    private static string AnalysisReport(string kind, string input, string directory, IReadOnlyList<string> written, string text) =>
        ScanReport.Write(ScanReport.SummaryPath(directory, "analysis"), System.Text.Json.JsonSerializer.Serialize(Summary(kind, input, directory, written)), text);

    /// <summary><c>{ analysis, input, output_dir, outputs }</c>: the kind of analysis, what it read and what it wrote.</summary>
    private static Dictionary<string, object> Summary(string kind, string input, string directory, IReadOnlyList<string> written) => new()
    {
        ["analysis"] = kind,
        ["input"] = input,
        ["output_dir"] = directory,
        ["outputs"] = written,
    };

    /// <summary>Prints an analysis's estimate with its time at this machine's kernel rates (calibrated when first needed).</summary>
    private static async Task WriteEstimateAsync(ParseResult parse, ReconstructionEstimate figures, Option<bool> json)
    {
        using IHost host = XrayctlHost.Build();
        var report = EstimateReport.Timed(figures, host.Services.GetRequiredService<KernelRateCache>(), OfflineReconstruction.FreeBytes(figures));
        await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? report.Json() : report.Line()).ConfigureAwait(false);
    }
}
