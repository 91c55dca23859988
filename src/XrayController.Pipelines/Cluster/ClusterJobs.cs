using System.Globalization;
using System.Text;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// Cluster jobs as Slurm sees them, whatever they compute: a job folder submitted as three jobs, each running this
/// program on a shared filesystem — the preparation (<c>xrayctl cluster prepare</c>), an array of one task per part
/// (<c>cluster task</c>) and the assembly (<c>cluster assemble</c>), each starting only once the one before has
/// succeeded (<c>afterok</c>); a resumption that resubmits only what is not done; and where each step stands.
/// </summary>
public sealed class ClusterJobs(Slurm slurm, string softwareVersion)
{
    /// <summary>What a step's process holds besides its work (the runtime, the file's metadata, the libraries).</summary>
    public const long ProcessBaselineBytes = 512L << 20;

    /// <summary>Writes a new job's folder and submits its three steps.</summary>
    public SubmittedJob Start(ClusterJob job, string directory)
    {
        ArgumentNullException.ThrowIfNull(job);
        foreach (string folder in (string[])["slabs", "tasks", "logs"])
        {
            Directory.CreateDirectory(Path.Combine(directory, folder));
        }

        job.Write(directory);
        return Submitted(job, directory, [.. Enumerable.Range(0, job.Parts.Count)]);
    }

    /// <summary>Refuses a folder that already holds a job, and a cluster that does not answer.</summary>
    public void RequireNew(string directory)
    {
        slurm.RequireController();
        if (File.Exists(Path.Combine(directory, ClusterJob.FileName)))
        {
            throw new InputException($"{directory} already holds a cluster job: follow it with xrayctl cluster status, finish it with --slurm --resume {directory}, or remove it");
        }
    }

    /// <summary>
    /// Resubmits the parts of a job that are not done (failed, lost, never run) and the assembly after them; refused
    /// while some of its tasks are still queued or running, or when it is complete.
    /// </summary>
    public SubmittedJob Resume(string directory)
    {
        directory = Path.GetFullPath(directory);
        slurm.RequireController();
        ClusterJob job = ClusterJob.Read(directory, softwareVersion);
        ClusterStatus status = Status(directory, job);
        if (status.Tasks.Where(t => t.State is SlabState.Pending or SlabState.Running).Select(t => t.Task).ToArray() is { Length: > 0 } busy)
        {
            throw new InputException($"{directory}: slabs {string.Join(", ", busy)} are still queued or running; wait for them (xrayctl cluster status {directory}) or scancel them first");
        }

        foreach ((string what, SlabStatus step) in new[] { ("preparation", status.Preparation), ("assembly", status.Assembly) })
        {
            if (step.State is SlabState.Pending or SlabState.Running)
            {
                throw new InputException($"{directory}: its {what} is {step.State.ToString().ToLowerInvariant()}; wait for it");
            }
        }

        if (status.Complete)
        {
            throw new InputException($"{directory}: the job is complete ({job.Output}); nothing to resume");
        }

        int[] missing = [.. status.Tasks.Where(t => t.State != SlabState.Done).Select(t => t.Task)];
        foreach (int task in missing)
        {
            File.Delete(ClusterJob.TaskPath(directory, task));
            File.Delete(ClusterJob.ExitPath(directory, task));
        }

        File.Delete(ClusterJob.AssemblyPath(directory));
        if (!job.Prepared)
        {
            File.Delete(ClusterJob.PreparePath(directory));
            File.Delete(ClusterJob.ExitPath(directory, ClusterJob.PrepareTask));
        }

        return Submitted(job, directory, missing);
    }

    /// <summary>Where each part stands, from the tasks' records, their exit statuses and what Slurm reports.</summary>
    public ClusterStatus Status(string directory)
    {
        directory = Path.GetFullPath(directory);
        return Status(directory, ClusterJob.ReadAny(directory));
    }

    private ClusterStatus Status(string directory, ClusterJob job)
    {
        Dictionary<string, SlurmTask> reported = job.Submissions.Count == 0 ? []
            : slurm.Tasks(job.Submissions.SelectMany(s => new[] { s.PrepareJobId, s.ArrayJobId, s.AssemblyJobId }).Where(id => id.Length > 0)).ToDictionary(t => t.JobId);
        var tasks = new List<SlabStatus>();
        for (int task = 0; task < job.Parts.Count; task++)
        {
            ClusterSubmission? last = job.Submissions.LastOrDefault(s => s.Tasks.Contains(task));
            SlurmTask? slurmTask = last is null ? null : reported.GetValueOrDefault($"{last.ArrayJobId}_{task}");
            tasks.Add(SlabStatus.Of(task, job.Parts[task], TaskRecord.TryRead(ClusterJob.TaskPath(directory, task)), ClusterJob.ExitStatus(directory, task), slurmTask, File.Exists(ClusterJob.SlabPath(directory, task))));
        }

        ClusterSubmission? latest = job.Submissions.LastOrDefault();
        SlurmTask? assembly = latest is null ? null : reported.GetValueOrDefault(latest.AssemblyJobId);
        SlabStatus assembled = SlabStatus.Of(ClusterJob.AssemblyTask, new VolumePart(0, job.Slices), TaskRecord.TryRead(ClusterJob.AssemblyPath(directory)), ClusterJob.ExitStatus(directory, ClusterJob.AssemblyTask), assembly, File.Exists(job.Output));
        ClusterSubmission? preparing = job.Submissions.LastOrDefault(s => s.PrepareJobId.Length > 0);
        SlurmTask? prepare = preparing is null ? null : reported.GetValueOrDefault(preparing.PrepareJobId);
        SlabStatus prepared = SlabStatus.Of(ClusterJob.PrepareTask, new VolumePart(0, job.Slices), TaskRecord.TryRead(ClusterJob.PreparePath(directory)), ClusterJob.ExitStatus(directory, ClusterJob.PrepareTask), prepare, job.Prepared);
        return new ClusterStatus(directory, job, prepared, tasks, assembled);
    }

    private SubmittedJob Submitted(ClusterJob job, string directory, int[] tasks)
    {
        ClusterResources resources = job.Resources;
        string prepareId = string.Empty;
        if (!job.Prepared)
        {
            string preparer = BatchScript.Write(directory, "prepare.sh", "the preparation", resources.Executable, ["cluster", "prepare", directory], null, Path.GetFileName(ClusterJob.ExitPath(directory, ClusterJob.PrepareTask)));
            prepareId = slurm.Submit(preparer, [
                "--job-name=xrayctl-prepare",
                Invariant($"--mem={resources.PrepareMemoryMb}M"),
                Invariant($"--time={resources.PrepareTimeMinutes}"),
                Invariant($"--cpus-per-task={resources.CpusPerTask}"),
                $"--output={Path.Combine(directory, "logs", "prepare.log")}",
                .. Partition(resources),
            ]);
        }

        string arrayId = string.Empty;
        if (tasks.Length > 0)
        {
            string script = BatchScript.Write(directory, "slab.sh", "one slab per array task", resources.Executable, ["cluster", "task", directory], "\"$SLURM_ARRAY_TASK_ID\"", "$(printf 'task_%03d.exit' \"$SLURM_ARRAY_TASK_ID\")");
            arrayId = slurm.Submit(script, [
                "--job-name=xrayctl-slab",
                $"--array={Ranges(tasks)}%{resources.MaxParallel}",
                Invariant($"--mem={resources.MemoryMb}M"),
                Invariant($"--time={resources.TimeMinutes}"),
                Invariant($"--cpus-per-task={resources.CpusPerTask}"),
                $"--output={Path.Combine(directory, "logs", "slab_%a.log")}",
                .. AfterOk(prepareId),
                .. Partition(resources),
            ]);
        }

        string assembler = BatchScript.Write(directory, "assemble.sh", "the assembly", resources.Executable, ["cluster", "assemble", directory], null, Path.GetFileName(ClusterJob.ExitPath(directory, ClusterJob.AssemblyTask)));
        string assemblyId = slurm.Submit(assembler, [
            "--job-name=xrayctl-assemble",
            Invariant($"--mem={resources.AssemblyMemoryMb}M"),
            Invariant($"--time={resources.AssemblyTimeMinutes}"),
            Invariant($"--cpus-per-task={resources.AssemblyCpus}"),
            $"--output={Path.Combine(directory, "logs", "assemble.log")}",
            .. AfterOk(arrayId.Length > 0 ? arrayId : prepareId),
            .. Partition(resources),
        ]);
        ClusterJob submitted = job with { Submissions = [.. job.Submissions, new ClusterSubmission(arrayId, tasks, assemblyId, DateTime.UtcNow) { PrepareJobId = prepareId }] };
        submitted.Write(directory);
        return new SubmittedJob(directory, submitted);
    }

    /// <summary>
    /// The volume's slices in <paramref name="count"/> parts (by default one per <paramref name="slicesPerPart"/>
    /// slices) of nearly equal size, each starting on an even slice so that rows pair for filtering as in a whole run.
    /// </summary>
    public static IReadOnlyList<VolumePart> Parts(int slices, int? count, string name, int slicesPerPart = ClusterReconstruction.DefaultSlicesPerPart)
    {
        int parts = count ?? Math.Max(1, (slices + slicesPerPart - 1) / slicesPerPart);
        if (parts < 1 || parts > Math.Max(1, slices / 2))
        {
            throw new InputException($"--slabs {parts}: {name}'s volume of {slices} slices splits into 1 to {Math.Max(1, slices / 2)} slabs (two slices or more each)");
        }

        int[] starts = [.. Enumerable.Range(0, parts).Select(k => (int)((long)k * slices / parts) & ~1), slices];
        return [.. Enumerable.Range(0, parts).Select(k => new VolumePart(starts[k], starts[k + 1]))];
    }

    /// <summary>A time limit with room for a node slower than this one: three times the estimate, and ten minutes more.</summary>
    public static int TimeLimitMinutes(double seconds) => (int)Math.Min(int.MaxValue, Math.Ceiling(3 * seconds / 60) + 10);

    /// <summary>Bytes, rounded up to whole megabytes, with the process's own.</summary>
    public static long Megabytes(long bytes) => (bytes + ProcessBaselineBytes + (1L << 20) - 1) >> 20;

    /// <summary>Starts a job only once <paramref name="jobId"/> has succeeded (every task of an array), and cancels it when that cannot happen any more.</summary>
    private static string[] AfterOk(string jobId) => jobId.Length > 0 ? [$"--dependency=afterok:{jobId}", "--kill-on-invalid-dep=yes"] : [];

    private static IEnumerable<string> Partition(ClusterResources resources) =>
        resources.Partition is { } partition ? [$"--partition={partition}"] : [];

    /// <summary>Task numbers as Slurm's array ranges: 0-3,5,7-8.</summary>
    private static string Ranges(int[] tasks)
    {
        var text = new StringBuilder();
        for (int i = 0; i < tasks.Length;)
        {
            int j = i;
            while (j + 1 < tasks.Length && tasks[j + 1] == tasks[j] + 1)
            {
                j++;
            }

            text.Append(text.Length > 0 ? "," : string.Empty).Append(i == j ? Invariant($"{tasks[i]}") : Invariant($"{tasks[i]}-{tasks[j]}"));
            i = j + 1;
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A job folder and its job, just submitted.</summary>
public sealed record SubmittedJob(string Directory, ClusterJob Job)
{
    public ClusterSubmission Latest => Job.Submissions[^1];
}

/// <summary>What <c>--slurm</c> was asked beyond the work itself.</summary>
/// <param name="Slabs">Parts of the volume, one task each; null for the work's default slices a part.</param>
/// <param name="Executable">The command that runs this program on the nodes.</param>
/// <param name="Assembly">A reconstruction: how to assemble the output; null for a virtual dataset when the volume is stored as float32, else a copy.</param>
public sealed record ClusterOptions(string? JobDirectory, string? Partition, int? Slabs, int MaxParallel, int CpusPerTask, ClusterAssembly? Assembly, IReadOnlyList<string> Executable);
