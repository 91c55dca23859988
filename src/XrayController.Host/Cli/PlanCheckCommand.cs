using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using XrayController.Acquisition.Planning;
using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Host.Hosting;
using XrayController.Host.Output;
using XrayController.Host.Scanning;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Scans;
using XrayController.Pipelines.Techniques;
using XrayController.Storage;

namespace XrayController.Host.Cli;

/// <summary><c>xrayctl plan check PLAN [--instrument P] [--out DIR] [--json] [--steps]</c>.</summary>
internal static class PlanCheckCommand
{
    public static Command Create()
    {
        var plan = new Argument<string>("plan") { Description = "The plan file (YAML)." };
        var instrument = new Option<string?>("--instrument") { Description = "Instrument profile (name or path); overrides the plan's 'instrument'." };
        var output = new Option<string?>("--out") { Description = "Where the scan would write (for the disk-space check); default from configuration, 'out'." };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object." };
        var steps = new Option<bool>("--steps") { Description = "Also list every compiled step." };
        var command = new Command("check", "Validate a plan, list its steps, estimate time, frames and bytes, and report every limit it would hit.")
        {
            plan, instrument, output, json, steps,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, () =>
            RunAsync(parse.GetValue(plan)!, parse.GetValue(instrument), parse.GetValue(output), parse.GetValue(json), parse.GetValue(steps), parse.InvocationConfiguration, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string planPath, string? instrument, string? outputDirectory, bool json, bool listSteps, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        using IHost host = XrayctlHost.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        string outDir = outputDirectory ?? host.Services.GetRequiredService<IOptions<XrayControllerOptions>>().Value.OutputDirectory;
        PlanReadResult read = PlanFiles.Read(planPath);
        InstrumentCatalog catalog = host.Services.GetRequiredService<InstrumentCatalog>();
        string? planDirectory = Path.GetDirectoryName(Path.GetFullPath(planPath));
        PlanCheckReport report = PlanCheck.Run(read, name => catalog.Find(name, planDirectory), instrument, DiskSpace.FreeBytes(outDir), outDir, Severity.Warning);
        AfterScanReport afterScan = AfterScan(report, outDir, host.Services.GetRequiredService<TechniqueList>(), host.Services.GetRequiredService<KernelRateCache>());
        if (json)
        {
            PlanCheckJsonWriter.Write(report, afterScan, console.Output);
        }
        else
        {
            PlanCheckTextWriter.Write(report, afterScan, console.Output, listSteps);
        }

        await host.StopAsync(cancellationToken).ConfigureAwait(false);
        if (report.IsValid)
        {
            return ExitCodes.Success;
        }

        Diagnostic[] violations = [.. report.Violations];
        await console.Error.WriteLineAsync($"xrayctl: {planPath} is not valid: {violations.Length} violation{(violations.Length == 1 ? string.Empty : "s")}; first: {violations[0]}").ConfigureAwait(false);
        return ExitCodes.InvalidInput;
    }

    /// <summary>
    /// What the job after the scan would take (its reconstruction and analyses, timed at this machine's kernel rates),
    /// each against the disk left once the scan and the outputs before it are written, or why the job would be refused
    /// (its data past what it can hold); nothing for a plan that does not compile.
    /// </summary>
    private static AfterScanReport AfterScan(PlanCheckReport report, string outputDirectory, TechniqueList techniques, KernelRateCache rates)
    {
        if (report is not { Scan: { } scan, Estimate: { } estimate } || techniques.ForPlan(scan.Plan.Technique) is not { } technique)
        {
            return new AfterScanReport([], null);
        }

        var planned = new PlannedScan(scan, Path.Combine(outputDirectory, ScanFileNames.RawFile(scan.Plan.Name, DateTimeOffset.UtcNow)));
        IReadOnlyList<ReconstructionEstimate> jobs;
        try
        {
            jobs = technique.EstimateAfterScan(planned);
        }
        catch (InputException e)
        {
            return new AfterScanReport([], e.Message);
        }

        long? free = report.FreeDiskBytes is { } total ? Math.Max(0, total - estimate.Bytes) : null;
        var reports = new List<EstimateReport>();
        foreach (ReconstructionEstimate job in jobs)
        {
            reports.Add(EstimateReport.Timed(job, rates, free));
            free = free is { } left ? Math.Max(0, left - job.BytesWritten) : null;
        }

        return new AfterScanReport(reports, null);
    }
}
