using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XrayController.Core.Diagnostics;
using XrayController.Host.Hosting;
using XrayController.Pipelines.Cluster;

namespace XrayController.Host.Cli;

/// <summary>
/// <c>xrayctl recon FILE --slurm [--partition P] [--slabs N] [--max-parallel K] [--cpus-per-task C] [--job-dir D]
/// [--assemble virtual|copy] [--wait]</c> and <c>xrayctl recon --slurm --resume JOBDIR [--wait]</c>: the reconstruction
/// as a Slurm job array (<see cref="ClusterReconstruction"/>); the same for <c>xrayctl analyze xanes</c>
/// (<see cref="ClusterXanes"/>), without <c>--assemble</c>.
/// </summary>
internal sealed class SlurmOptions
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly Option<bool> _slurm;
    private readonly Option<string?> _partition = new("--partition") { Description = "With --slurm: the Slurm partition (default the cluster's)." };
    private readonly Option<int?> _slabs;
    private readonly Option<int> _maxParallel = new("--max-parallel") { Description = "With --slurm: at most this many tasks at once.", DefaultValueFactory = _ => 64 };
    private readonly Option<int> _cpus = new("--cpus-per-task") { Description = "With --slurm: CPUs each task asks for and uses (default this machine's).", DefaultValueFactory = _ => Environment.ProcessorCount };
    private readonly Option<string?> _jobDirectory = new("--job-dir") { Description = "With --slurm: the job folder, on a filesystem every node shares (default OUTPUT_slurm beside the output)." };
    private readonly Option<string?> _resume = new("--resume") { Description = "With --slurm: resubmit the slabs of this job folder that are not done, and its assembly." };
    private readonly Option<string?> _assemble = new("--assemble") { Description = "With --slurm: virtual (an HDF5 virtual dataset over the slab files, which stay in the job folder; the default for float32) or copy (one file; the default for other dtypes)." };
    private readonly Option<bool> _wait = new("--wait") { Description = "With --slurm: follow the job and exit with its result (0 when the output is assembled)." };

    private readonly bool _assembles;

    /// <param name="what">What runs as the job: "the reconstruction", "the analysis".</param>
    /// <param name="slicesPerPart">Slices a task takes by default.</param>
    /// <param name="assembles">Whether the output is a volume assembled from the slabs (<c>--assemble</c>).</param>
    public SlurmOptions(string what, int slicesPerPart, bool assembles)
    {
        _slurm = new("--slurm") { Description = $"Run {what} as a Slurm job array, one task per slab of slices, after a job that prepares what they share and before one that assembles the output." };
        _slabs = new("--slabs") { Description = $"With --slurm: the parts of the volume, one task each (default one per {slicesPerPart} slices)." };
        _assembles = assembles;
    }

    public IEnumerable<Option> All => _assembles ? [.. Shared, _assemble] : Shared;

    private IEnumerable<Option> Shared => [_slurm, _partition, _slabs, _maxParallel, _cpus, _jobDirectory, _resume, _wait];

    /// <summary>Whether the command line asks for a Slurm job; refuses a Slurm option given without <c>--slurm</c>.</summary>
    public bool Asked(ParseResult parse)
    {
        if (parse.GetValue(_slurm))
        {
            return true;
        }

        foreach (Option option in All.Where(o => o != _slurm))
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                throw new InputException($"{option.Name} applies to a Slurm job: add --slurm");
            }
        }

        return false;
    }

    /// <summary>Whether the command line resumes a job folder rather than starting one from a file.</summary>
    public bool Resuming(ParseResult parse) => parse.GetValue(_resume) is not null;

    /// <summary>Submits the job (<paramref name="submit"/>, null when resuming) or resumes it; with <c>--wait</c>, follows it to its end.</summary>
    public async Task<int> RunAsync(ParseResult parse, IHost host, Func<IServiceProvider, ClusterOptions, SubmittedJob>? submit, bool json, CancellationToken cancellationToken)
    {
        ClusterJobs cluster = host.Services.GetRequiredService<ClusterJobs>();
        TextWriter output = parse.InvocationConfiguration.Output;
        SubmittedJob submitted;
        if (parse.GetValue(_resume) is { } folder)
        {
            submitted = cluster.Resume(folder);
        }
        else
        {
            int maxParallel = parse.GetValue(_maxParallel);
            int cpus = parse.GetValue(_cpus);
            if (maxParallel < 1 || cpus < 1)
            {
                throw new InputException($"--max-parallel and --cpus-per-task must be 1 or more; got {maxParallel} and {cpus}");
            }

            ClusterAssembly? assembly = !_assembles ? null : parse.GetValue(_assemble) switch
            {
                null => null,
                "virtual" => ClusterAssembly.Virtual,
                "copy" => ClusterAssembly.Copy,
                { } other => throw new InputException($"--assemble must be virtual or copy; got '{other}'"),
            };
            var options = new ClusterOptions(parse.GetValue(_jobDirectory), parse.GetValue(_partition), parse.GetValue(_slabs), maxParallel, cpus, assembly, ThisProgram.Command());
            submitted = await Task.Run(() => submit!(host.Services, options), cancellationToken).ConfigureAwait(false);
        }

        if (!parse.GetValue(_wait))
        {
            await output.WriteLineAsync(json ? Json(submitted) : Line(submitted)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        ClusterStatus status = cluster.Status(submitted.Directory);
        while (status.Active)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            status = cluster.Status(submitted.Directory);
        }

        await output.WriteLineAsync(json ? ClusterReport.Json(status) : ClusterReport.Text(status)).ConfigureAwait(false);
        return status.Complete ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string Line(SubmittedJob submitted)
    {
        (string folder, ClusterJob job, ClusterSubmission latest) = (submitted.Directory, submitted.Job, submitted.Latest);
        return string.Create(CultureInfo.InvariantCulture,
            $"submitted {job.Work.What}: {(latest.Tasks.Count > 0 ? $"slabs {string.Join(", ", latest.Tasks)} of {job.Parts.Count} ({job.Slices} slices of {Path.GetFileName(job.Input)}) as Slurm job array {latest.ArrayJobId} ({job.Resources.MemoryMb} MB and {job.Resources.TimeMinutes} min a task, at most {job.Resources.MaxParallel} at once) and " : string.Empty)}the assembly of {job.Output} as job {latest.AssemblyJobId}{(latest.Tasks.Count > 0 ? " after them" : string.Empty)}; job folder {folder}; follow it with xrayctl cluster status {folder}");
    }

    private static string Json(SubmittedJob submitted) => JsonSerializer.Serialize(
        new Dictionary<string, object?>
        {
            ["job_dir"] = submitted.Directory,
            ["output"] = submitted.Job.Output,
            ["work"] = submitted.Job.Work.What,
            ["assembly"] = submitted.Job.Work is ReconstructionWorkload volume ? volume.Assembly.ToString().ToLowerInvariant() : null,
            ["slices"] = submitted.Job.Slices,
            ["slabs"] = submitted.Job.Parts.Count,
            ["submitted_slabs"] = submitted.Latest.Tasks,
            ["prepare_job_id"] = submitted.Latest.PrepareJobId.Length > 0 ? submitted.Latest.PrepareJobId : null,
            ["array_job_id"] = submitted.Latest.ArrayJobId,
            ["assembly_job_id"] = submitted.Latest.AssemblyJobId,
            ["memory_mb"] = submitted.Job.Resources.MemoryMb,
            ["time_minutes"] = submitted.Job.Resources.TimeMinutes,
            ["max_parallel"] = submitted.Job.Resources.MaxParallel,
            ["cpus_per_task"] = submitted.Job.Resources.CpusPerTask,
        },
        new JsonSerializerOptions { WriteIndented = true });
}
