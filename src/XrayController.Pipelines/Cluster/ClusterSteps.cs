using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// The steps a cluster job's Slurm jobs run on their nodes (<c>xrayctl cluster prepare|task|assemble</c>), whatever
/// the job computes: each records itself in the job folder as it starts and ends, and hands the work to the
/// <see cref="IClusterWork"/> of the job's kind.
/// </summary>
public sealed class ClusterSteps(IEnumerable<IClusterWork> works, string softwareVersion)
{
    private readonly IReadOnlyList<IClusterWork> _works = [.. works];

    /// <summary>
    /// Decides, from the input, what every part must share and records it in the job (what the job's first step runs);
    /// a job already prepared is left as it is.
    /// </summary>
    public ClusterJob Prepare(string directory, CancellationToken cancellationToken)
    {
        directory = Path.GetFullPath(directory);
        ClusterJob job = ClusterJob.Read(directory, softwareVersion);
        if (job.Prepared)
        {
            return job;
        }

        return Recorded(ClusterJob.PreparePath(directory), ClusterJob.PrepareTask, started =>
        {
            ClusterJob prepared = job with { Work = WorkOf(job).Prepare(job, ClusterJob.SharedPath(directory), cancellationToken), Prepared = true };
            prepared.Write(directory);
            return (prepared, started.Ended(error: null));
        });
    }

    /// <summary>Runs part <paramref name="task"/> of the job in <paramref name="directory"/> into its slab file.</summary>
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
            throw new InputException($"{directory}: the job is not prepared (its first job, xrayctl cluster prepare, decides what the parts share)");
        }

        return Recorded(ClusterJob.TaskPath(directory, task), task, started =>
        {
            TaskRecord ended = WorkOf(job).RunPart(job, directory, task, started, cancellationToken);
            return (ended, ended);
        });
    }

    /// <summary>
    /// Writes the job's output once every part is done, with every task's record in <c>provenance.json</c>, and
    /// removes what the preparation kept for the parts; one line saying what was written.
    /// </summary>
    public string Assemble(string directory, CancellationToken cancellationToken)
    {
        directory = Path.GetFullPath(directory);
        ClusterJob job = ClusterJob.Read(directory, softwareVersion);
        return Recorded(ClusterJob.AssemblyPath(directory), ClusterJob.AssemblyTask, started =>
        {
            var records = new TaskRecord[job.Parts.Count];
            for (int task = 0; task < job.Parts.Count; task++)
            {
                records[task] = TaskRecord.TryRead(ClusterJob.TaskPath(directory, task)) is { State: TaskRecord.Done } done && File.Exists(ClusterJob.SlabPath(directory, task))
                    ? done
                    : throw new InputException($"{directory}: slab {task} (slices {job.Parts[task].First}:{job.Parts[task].End}) is not done; finish it with {job.Work.ResumeCommand} {directory}");
            }

            string written = WorkOf(job).Assemble(job, directory, records, cancellationToken);
            File.WriteAllText(Path.Combine(directory, "provenance.json"), TaskRecord.Json(records));
            if (Directory.Exists(ClusterJob.SharedPath(directory)))
            {
                Directory.Delete(ClusterJob.SharedPath(directory), recursive: true);
            }

            return (written, started.Ended(error: null));
        });
    }

    /// <summary>Runs a step between its two records: running as it starts, then done (as the step ends it) or failed with the error.</summary>
    private TResult Recorded<TResult>(string path, int task, Func<TaskRecord, (TResult Result, TaskRecord Ended)> step)
    {
        TaskRecord record = TaskRecord.Start(task, softwareVersion);
        record.Write(path);
        try
        {
            (TResult result, TaskRecord ended) = step(record);
            ended.Write(path);
            return result;
        }
        catch (Exception e)
        {
            record.Ended(e.Message).Write(path);
            throw;
        }
    }

    private IClusterWork WorkOf(ClusterJob job) =>
        _works.FirstOrDefault(w => w.Runs(job.Work)) ?? throw new InvalidOperationException($"no cluster work runs a {job.Work.What} job");
}
