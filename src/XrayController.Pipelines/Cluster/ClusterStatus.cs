using System.Globalization;
using XrayController.Pipelines.Offline;

namespace XrayController.Pipelines.Cluster;

/// <summary>Where a part (or the assembly) of a cluster job stands.</summary>
public enum SlabState
{
    /// <summary>Submitted and waiting for a node (or, for the assembly, for the parts).</summary>
    Pending,
    Running,
    Done,

    /// <summary>Ended without its slab: an error it recorded, a non-zero exit, a cancellation, a lost node.</summary>
    Failed,

    /// <summary>Never ran, and is not queued.</summary>
    Missing,
}

/// <summary>A cluster job's preparation, parts and assembly, as <c>xrayctl cluster status</c> reports them.</summary>
public sealed record ClusterStatus(string Directory, ClusterJob Job, SlabStatus Preparation, IReadOnlyList<SlabStatus> Tasks, SlabStatus Assembly)
{
    /// <summary>The output is assembled.</summary>
    public bool Complete => Assembly.State == SlabState.Done;

    /// <summary>Something is still queued or running: the job may yet complete without a resumption.</summary>
    public bool Active => new[] { Preparation, Assembly }.Concat(Tasks).Any(t => t.State is SlabState.Pending or SlabState.Running);

    public int Count(SlabState state) => Tasks.Count(t => t.State == state);
}

/// <summary>One part's (or the preparation's or the assembly's: <see cref="ClusterJob.PrepareTask"/>, <see cref="ClusterJob.AssemblyTask"/>) state, why, the node and the time it took.</summary>
public sealed record SlabStatus(int Task, VolumePart Part, SlabState State, string Detail, string? Node, double? Seconds)
{
    /// <summary>
    /// The state from what the task recorded of itself, the exit status its batch script recorded, what Slurm reports
    /// (<paramref name="slurm"/>, null when it no longer remembers the task) and whether its output exists.
    /// </summary>
    public static SlabStatus Of(int task, VolumePart part, TaskRecord? record, int? exitStatus, SlurmTask? slurm, bool outputExists)
    {
        string? node = record?.Node ?? (slurm?.Nodes is { Length: > 0 } nodes && nodes != "(null)" ? nodes : null);
        (SlabState state, string detail) = (record, slurm, exitStatus) switch
        {
            ({ State: TaskRecord.Done }, _, _) when outputExists => (SlabState.Done, Invariant($"done on {record!.Node} in {record.Seconds:0.0} s")),
            (_, { Queued: true, State: "PENDING" }, _) => (SlabState.Pending, $"pending ({slurm!.Reason})"),
            (_, { Queued: true }, _) => (SlabState.Running, $"{slurm!.State.ToLowerInvariant()} on {node ?? "a node"}"),
            ({ State: TaskRecord.Done }, _, _) => (SlabState.Failed, "done, but its output is gone"),
            ({ State: TaskRecord.Failed }, _, _) => (SlabState.Failed, $"failed: {record!.Error}"),
            (_, _, { } code) when code != 0 => (SlabState.Failed, Invariant($"exit status {code}{(code > 128 ? $" (signal {code - 128}{(code == 137 ? ": killed, perhaps out of memory" : string.Empty)})" : string.Empty)}{Reported(slurm)}")),
            (_, { State: not "COMPLETED" }, _) => (SlabState.Failed, $"{slurm!.State.ToLowerInvariant()}{(slurm.Reason is "None" or "" ? string.Empty : $" ({slurm.Reason})")}"),
            ({ State: TaskRecord.Running }, _, _) => (SlabState.Failed, Invariant($"lost: started on {record!.Node} at {record.StartedUtc:u} and recorded no end; no longer queued")),
            _ => (SlabState.Missing, "never ran, and is not queued"),
        };
        return new SlabStatus(task, part, state, detail, node, record?.Seconds);
    }

    private static string Reported(SlurmTask? slurm) => slurm is null ? string.Empty : $"; Slurm: {slurm.State.ToLowerInvariant()}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
