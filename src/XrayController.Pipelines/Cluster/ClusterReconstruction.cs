using System.Globalization;
using System.Text;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// A reconstruction as Slurm jobs: the submitter splits the volume's slices into parts from the file's metadata
/// (<see cref="ITechnique.Split"/>) and submits three jobs, each running this program on a shared filesystem:
/// one that decides what a whole run decides from all the data (<see cref="ITechnique.Decide"/>: it reads the file, so
/// it runs on a node, not where the job was submitted), an array of one task per part under the memory and time its
/// estimate gives, and one that assembles the output with every task's provenance, each starting only once the one
/// before has succeeded (<c>afterok</c>). A resumption resubmits only what is not done. The volume equals the local
/// run's bit for bit, since a part's slices do not depend on where the parts begin.
/// </summary>
public sealed class ClusterReconstruction(TechniqueList techniques, OfflineReconstruction offline, KernelRateCache rates, Slurm slurm, string softwareVersion)
{
    /// <summary>Slices a part holds unless <c>--slabs</c> says otherwise.</summary>
    public const int DefaultSlicesPerPart = 64;

    /// <summary>What a task's process holds besides its slabs (the runtime, the file's metadata, the libraries).</summary>
    private const long ProcessBaselineBytes = 512L << 20;

    /// <summary>A shared filesystem's pace, read and written, that the assembly's time limit assumes (slow, for room).</summary>
    private const double AssemblyBytesPerSecond = 20e6;

    /// <summary>Writes the job folder and submits the array and its assembly; the job, with its first submission.</summary>
    public SubmittedJob Submit(ReconstructionRequest request, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        slurm.RequireController();
        string output = Path.GetFullPath(request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath));
        string directory = Path.GetFullPath(options.JobDirectory ?? Path.ChangeExtension(output, null) + "_slurm");
        if (File.Exists(Path.Combine(directory, ClusterJob.FileName)))
        {
            throw new InputException($"{directory} already holds a cluster job: follow it with xrayctl cluster status, finish it with xrayctl recon --slurm --resume {directory}, or remove it");
        }

        string input = Path.GetFullPath(request.InputPath);
        (long inputBytes, DateTime inputModified) = ClusterJob.Identity(input);
        ReconstructionRequest absolute = request with
        {
            InputPath = input,
            OutputPath = null,
            TiffDirectory = null,
            OutputType = request.OutputType == VolumeType.Float16 ? VolumeType.Float16 : VolumeType.Float32,
        };
        int slices;
        ReconstructionEstimate largest;
        IReadOnlyList<VolumePart> parts;
        ReconstructionWork preparation;
        using (TomographyFile file = OfflineReconstruction.Open(input))
        {
            ITechnique technique = techniques.ForFile(file, absolute);
            (slices, preparation) = technique.Split(file, absolute);
            parts = Parts(slices, options.Slabs, Path.GetFileName(input));
            largest = parts.Select(p => technique.Estimate(file, absolute with { Part = p, OutputPath = ClusterJob.SlabPath(directory, 0) })).MaxBy(e => e.PeakMemoryBytes)!;
        }

        if (!largest.FitsBudget)
        {
            throw MemoryBudget.TooSmall($"{Path.GetFileName(input)}: one task's part of {parts.Max(p => p.Slices)} slices", "its smallest slab", largest.MinimumBudgetBytes, request.MemoryBudgetBytes);
        }

        double seconds = rates.RatesFor(largest.Work, out _).Seconds(largest.Work);
        long sliceFloats = largest.BytesWritten / request.OutputType.BytesPerVoxel() / parts.Max(p => p.Slices) * sizeof(float);
        var resources = new ClusterResources(
            options.Partition,
            options.MaxParallel,
            options.CpusPerTask,
            Megabytes(largest.PeakMemoryBytes + ProcessBaselineBytes),
            TimeLimitMinutes(seconds),
            Megabytes((4 * sliceFloats) + ProcessBaselineBytes),
            TimeLimitMinutes(2.0 * sliceFloats * slices / AssemblyBytesPerSecond),
            options.Executable)
        {
            PrepareMemoryMb = Megabytes(request.MemoryBudgetBytes + ProcessBaselineBytes),
            PrepareTimeMinutes = TimeLimitMinutes(rates.RatesFor(preparation, out _).Seconds(preparation)),
        };
        var job = new ClusterJob(ClusterJob.CurrentFormat, softwareVersion, input, inputBytes, inputModified, output, request.OutputType, request.TiffDirectory is { } tiff ? Path.GetFullPath(tiff) : null, absolute, slices, parts, resources, [])
        {
            Assembly = SlabAssembler.Choose(options.Assembly, request.OutputType),
        };
        foreach (string folder in (string[])["slabs", "tasks", "logs"])
        {
            Directory.CreateDirectory(Path.Combine(directory, folder));
        }

        job.Write(directory);
        return Submitted(job, directory, [.. Enumerable.Range(0, parts.Count)]);
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

    /// <summary>Runs part <paramref name="task"/> of the job in <paramref name="directory"/> into its slab file, recording itself as it starts and ends.</summary>
    public TaskRecord RunTask(string directory, int task, CancellationToken cancellationToken)
    {
        directory = Path.GetFullPath(directory);
        ClusterJob job = ClusterJob.Read(directory, softwareVersion);
        if (task < 0 || task >= job.Parts.Count)
        {
            throw new InputException($"{directory}: the job has tasks 0 to {job.Parts.Count - 1}, not {task}");
        }

        if (!job.Prepared)
        {
            throw new InputException($"{directory}: the job is not prepared (its first job, xrayctl cluster prepare, decides the axis and what else the parts share)");
        }

        string path = ClusterJob.TaskPath(directory, task);
        TaskRecord record = TaskRecord.Start(task, softwareVersion);
        record.Write(path);
        try
        {
            ReconstructionResult result = offline.Run(job.Request with { Part = job.Parts[task], OutputPath = ClusterJob.SlabPath(directory, task) }, cancellationToken);
            record = record.Ended(result);
        }
        catch (Exception e)
        {
            record.Ended(e.Message).Write(path);
            throw;
        }

        record.Write(path);
        return record;
    }

    /// <summary>
    /// Decides, from the file, what every part must share (<see cref="ITechnique.Decide"/>) and records it in the job
    /// (what the job's first step runs); a job already prepared is left as it is.
    /// </summary>
    public ClusterJob Prepare(string directory, CancellationToken cancellationToken)
    {
        directory = Path.GetFullPath(directory);
        ClusterJob job = ClusterJob.Read(directory, softwareVersion);
        if (job.Prepared)
        {
            return job;
        }

        string path = ClusterJob.PreparePath(directory);
        TaskRecord record = TaskRecord.Start(ClusterJob.PrepareTask, softwareVersion);
        record.Write(path);
        try
        {
            using TomographyFile file = OfflineReconstruction.Open(job.Input);
            ITechnique technique = techniques.ForFile(file, job.Request);
            ReconstructionRequest decided = technique.Decide(file, job.Request, ClusterJob.SharedPath(directory), cancellationToken);
            int slices = technique.Split(file, decided).Slices;
            if (slices != job.Slices)
            {
                throw new InvalidOperationException($"the volume has {slices} slices once decided, not the {job.Slices} the job was split into");
            }

            ClusterJob prepared = job with { Request = decided, Prepared = true };
            prepared.Write(directory);
            record.Ended(error: null).Write(path);
            return prepared;
        }
        catch (Exception e)
        {
            record.Ended(e.Message).Write(path);
            throw;
        }
    }

    /// <summary>
    /// Writes the job's output from its slab files, a slice at a time, as the dtype asked (16-bit integers scaled over
    /// the whole volume's range), with every task's provenance in the volume's attributes and in
    /// <c>provenance.json</c>; the TIFF stack when asked.
    /// </summary>
    public ReconstructionResult Assemble(string directory, CancellationToken cancellationToken)
    {
        directory = Path.GetFullPath(directory);
        ClusterJob job = ClusterJob.Read(directory, softwareVersion);
        string path = ClusterJob.AssemblyPath(directory);
        TaskRecord record = TaskRecord.Start(ClusterJob.AssemblyTask, softwareVersion);
        record.Write(path);
        try
        {
            ReconstructionResult result = SlabAssembler.Write(job, directory, cancellationToken);
            record.Ended(result).Write(path);
            return result;
        }
        catch (Exception e)
        {
            record.Ended(e.Message).Write(path);
            throw;
        }
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
            "--cpus-per-task=1",
            $"--output={Path.Combine(directory, "logs", "assemble.log")}",
            .. AfterOk(arrayId.Length > 0 ? arrayId : prepareId),
            .. Partition(resources),
        ]);
        ClusterJob submitted = job with { Submissions = [.. job.Submissions, new ClusterSubmission(arrayId, tasks, assemblyId, DateTime.UtcNow) { PrepareJobId = prepareId }] };
        submitted.Write(directory);
        return new SubmittedJob(directory, submitted);
    }

    /// <summary>
    /// The volume's slices in <paramref name="count"/> parts (by default <see cref="DefaultSlicesPerPart"/> slices each)
    /// of nearly equal size, each starting on an even slice so that rows pair for filtering as in a whole run.
    /// </summary>
    public static IReadOnlyList<VolumePart> Parts(int slices, int? count, string name)
    {
        int parts = count ?? Math.Max(1, (slices + DefaultSlicesPerPart - 1) / DefaultSlicesPerPart);
        if (parts < 1 || parts > Math.Max(1, slices / 2))
        {
            throw new InputException($"--slabs {parts}: {name}'s volume of {slices} slices splits into 1 to {Math.Max(1, slices / 2)} slabs (two slices or more each)");
        }

        int[] starts = [.. Enumerable.Range(0, parts).Select(k => (int)((long)k * slices / parts) & ~1), slices];
        return [.. Enumerable.Range(0, parts).Select(k => new VolumePart(starts[k], starts[k + 1]))];
    }

    /// <summary>A time limit with room for a node slower than this one: three times the estimate, and ten minutes more.</summary>
    private static int TimeLimitMinutes(double seconds) => (int)Math.Min(int.MaxValue, Math.Ceiling(3 * seconds / 60) + 10);

    /// <summary>Starts a job only once <paramref name="jobId"/> has succeeded (every task of an array), and cancels it when that cannot happen any more.</summary>
    private static string[] AfterOk(string jobId) => jobId.Length > 0 ? [$"--dependency=afterok:{jobId}", "--kill-on-invalid-dep=yes"] : [];

    private static long Megabytes(long bytes) => (bytes + (1L << 20) - 1) >> 20;

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

/// <summary>What <c>xrayctl recon --slurm</c> was asked beyond the reconstruction.</summary>
/// <param name="Slabs">Parts of the volume, one task each; null for <see cref="ClusterReconstruction.DefaultSlicesPerPart"/> slices a part.</param>
/// <param name="Executable">The command that runs this program on the nodes.</param>
/// <param name="Assembly">How to assemble the output; null for a virtual dataset when the volume is stored as float32, else a copy.</param>
public sealed record ClusterOptions(string? JobDirectory, string? Partition, int? Slabs, int MaxParallel, int CpusPerTask, ClusterAssembly? Assembly, IReadOnlyList<string> Executable);
