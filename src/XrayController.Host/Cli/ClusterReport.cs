using System.Globalization;
using System.Text;
using System.Text.Json;
using XrayController.Pipelines.Cluster;

namespace XrayController.Host.Cli;

/// <summary>How <c>xrayctl cluster status</c> and <c>recon --slurm --wait</c> print a job's state.</summary>
internal static class ClusterReport
{
    public static string Text(ClusterStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        ClusterJob job = status.Job;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{status.Directory}: {job.Work.What}, {job.Parts.Count} slabs of {Path.GetFileName(job.Input)} ({job.Slices} slices) -> {job.Output}: ");
        text.AppendLine(string.Join(", ", Enum.GetValues<SlabState>().Where(s => status.Count(s) > 0).Select(s => string.Create(CultureInfo.InvariantCulture, $"{status.Count(s)} {Name(s)}"))));
        text.AppendLine(CultureInfo.InvariantCulture, $"  preparation: {status.Preparation.Detail}");
        foreach (SlabStatus task in status.Tasks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  slab {task.Task} (slices {task.Part.First}:{task.Part.End}): {task.Detail}");
        }

        text.Append(CultureInfo.InvariantCulture, $"  assembly: {status.Assembly.Detail}");
        if (!status.Complete && !status.Active)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"finish it with {job.Work.ResumeCommand} {status.Directory}");
        }

        return text.ToString();
    }

    public static string Json(ClusterStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return JsonSerializer.Serialize(
            new Dictionary<string, object?>
            {
                ["job_dir"] = status.Directory,
                ["input"] = status.Job.Input,
                ["output"] = status.Job.Output,
                ["work"] = status.Job.Work.What,
                ["assembly_mode"] = status.Job.Work is ReconstructionWorkload volume ? volume.Assembly.ToString().ToLowerInvariant() : null,
                ["software_version"] = status.Job.SoftwareVersion,
                ["slices"] = status.Job.Slices,
                ["complete"] = status.Complete,
                ["active"] = status.Active,
                ["counts"] = Enum.GetValues<SlabState>().ToDictionary(Name, status.Count),
                ["preparation"] = Fields(status.Preparation),
                ["slabs"] = status.Tasks.Select(Fields).ToArray(),
                ["assembly"] = Fields(status.Assembly),
                ["submissions"] = status.Job.Submissions.Select(s => new Dictionary<string, object?>
                {
                    ["prepare_job_id"] = s.PrepareJobId.Length > 0 ? s.PrepareJobId : null,
                    ["array_job_id"] = s.ArrayJobId,
                    ["slabs"] = s.Tasks,
                    ["assembly_job_id"] = s.AssemblyJobId,
                    ["submitted"] = s.SubmittedUtc.ToString("O", CultureInfo.InvariantCulture),
                }).ToArray(),
            },
            new JsonSerializerOptions { WriteIndented = true });
    }

    private static Dictionary<string, object?> Fields(SlabStatus task) => new()
    {
        ["slab"] = task.Task < 0 ? null : task.Task,
        ["first_slice"] = task.Part.First,
        ["end_slice"] = task.Part.End,
        ["state"] = Name(task.State),
        ["detail"] = task.Detail,
        ["node"] = task.Node,
        ["seconds"] = task.Seconds is { } s ? Math.Round(s, 3) : null,
    };

    private static string Name(SlabState state) => state.ToString().ToLowerInvariant();
}
