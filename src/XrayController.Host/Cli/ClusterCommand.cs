using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Cluster;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl cluster status JOBDIR [--json]</c>, and what a job's Slurm jobs run: <c>cluster prepare JOBDIR</c>,
/// <c>cluster task JOBDIR N</c> (one slab; also to redo one by hand) and <c>cluster assemble JOBDIR</c>.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create() => new("cluster", "Follow and run reconstructions and analyses submitted as Slurm job arrays (xrayctl recon --slurm, xrayctl analyze xanes --slurm).")
    {
        Status(),
        Prepare(),
        Task(),
        Assemble(),
    };

    private static Command Prepare()
    {
        var folder = new Argument<string>("jobdir") { Description = "The job folder." };
        var command = new Command("prepare", "Decide, from the file, what a cluster job's slabs share (the axis; for cone beams the truncation; for holotomograms the retrieved phase; for XANES the segmentation and E0) — what the job's first step runs.") { folder };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            using IHost host = XrayctlHost.Build();
            ClusterSteps steps = host.Services.GetRequiredService<ClusterSteps>();
            ClusterJob job = await System.Threading.Tasks.Task.Run(() => steps.Prepare(parse.GetValue(folder)!, cancellationToken), cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(Prepared(job.Work)).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Status()
    {
        var folder = new Argument<string>("jobdir") { Description = "The job folder that recon --slurm printed." };
        var json = new Option<bool>("--json") { Description = "Print the status as one JSON object." };
        var command = new Command("status", "Each slab's state (pending, running, done, failed, missing) with the reason, and the assembly's; exit 0 once the output is assembled, 1 while it is not.") { folder, json };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            using IHost host = XrayctlHost.Build();
            ClusterStatus status = host.Services.GetRequiredService<ClusterJobs>().Status(parse.GetValue(folder)!);
            await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(json) ? ClusterReport.Json(status) : ClusterReport.Text(status)).ConfigureAwait(false);
            return status.Complete ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    private static Command Task()
    {
        var folder = new Argument<string>("jobdir") { Description = "The job folder." };
        var index = new Argument<int>("task") { Description = "The slab's number (Slurm's SLURM_ARRAY_TASK_ID)." };
        var command = new Command("task", "Run one slab of a cluster job into its slab file (what each array task runs).") { folder, index };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            using IHost host = XrayctlHost.Build();
            ClusterSteps steps = host.Services.GetRequiredService<ClusterSteps>();
            TaskRecord record = await System.Threading.Tasks.Task.Run(() => steps.RunTask(parse.GetValue(folder)!, parse.GetValue(index), cancellationToken), cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"slab {record.Task} done on {record.Node} in {record.Seconds:0.0} s")).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Assemble()
    {
        var folder = new Argument<string>("jobdir") { Description = "The job folder." };
        var command = new Command("assemble", "Write a cluster job's output from its slab files, with every task's provenance (what the job's last step runs).") { folder };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse.InvocationConfiguration.Error, async () =>
        {
            using IHost host = XrayctlHost.Build();
            ClusterSteps steps = host.Services.GetRequiredService<ClusterSteps>();
            string written = await System.Threading.Tasks.Task.Run(() => steps.Assemble(parse.GetValue(folder)!, cancellationToken), cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(written).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>What the preparation decided, in a line.</summary>
    private static string Prepared(ClusterWorkload work) => work switch
    {
        ReconstructionWorkload { Request: var request } => string.Create(CultureInfo.InvariantCulture, $"prepared: centre {request.CenterPx:0.###} ({request.CenterSource ?? "given"}){(request.ExtendTruncated is { } extend ? $", truncated projections {(extend ? string.Empty : "not ")}extended" : string.Empty)}{(request.Retrieved is not null ? ", every angle phase-retrieved" : string.Empty)}"),
        XanesWorkload xanes => string.Create(CultureInfo.InvariantCulture, $"prepared: segmentation and mean spectrum, E0 {xanes.PreparedE0Ev:0.00} eV"),
        _ => $"prepared: {work.What}",
    };
}
