using System.Text.Json;
using System.Text.Json.Serialization;
using XrayController.Pipelines.Offline;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// What a task (a slab, or the assembly) records of itself in the job folder: written as <c>running</c> when it
/// starts and as <c>done</c> or <c>failed</c> when it ends, with the node, the times, the process and Slurm's job id,
/// the software version and, on failure, the reason. A task killed outright records nothing more: its batch script
/// records the exit status (<see cref="ClusterJob.ExitPath"/>), and Slurm's queue tells the rest.
/// </summary>
public sealed record TaskRecord(
    int Task,
    string State,
    string Node,
    int ProcessId,
    string? SlurmJobId,
    DateTime StartedUtc,
    DateTime? EndedUtc,
    string SoftwareVersion,
    string? Error)
{
    /// <summary>Pixels the corrections floored in the task's slices.</summary>
    public long FlooredPixels { get; init; }

    /// <summary>Zingers the corrections replaced in the task's slices.</summary>
    public long Zingers { get; init; }

    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public double? Seconds => EndedUtc is { } ended ? (ended - StartedUtc).TotalSeconds : null;

    /// <summary>A record of this process starting task <paramref name="task"/> now.</summary>
    public static TaskRecord Start(int task, string softwareVersion) => new(
        task,
        Running,
        Environment.MachineName,
        Environment.ProcessId,
        Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID") is { } array ? $"{array}_{Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID")}" : Environment.GetEnvironmentVariable("SLURM_JOB_ID"),
        DateTime.UtcNow,
        null,
        softwareVersion,
        null);

    public TaskRecord Ended(string? error) => this with { State = error is null ? Done : Failed, EndedUtc = DateTime.UtcNow, Error = error };

    public TaskRecord Ended(ReconstructionResult result) => Ended(error: null) with { FlooredPixels = result.FlooredPixels, Zingers = result.Zingers };

    /// <summary>Records as a JSON array, as each is written alone (the job's <c>provenance.json</c>).</summary>
    public static string Json(IReadOnlyList<TaskRecord> records) => JsonSerializer.Serialize(records, Options);

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".new", JsonSerializer.Serialize(this, Options));
        File.Move(path + ".new", path, overwrite: true);
    }

    /// <summary>The record at <paramref name="path"/>, or null when there is none or it cannot be read (a task that never started, or one killed while writing it).</summary>
    public static TaskRecord? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<TaskRecord>(File.ReadAllText(path), Options) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
