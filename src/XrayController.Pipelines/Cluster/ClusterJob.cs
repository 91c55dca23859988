using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// A reconstruction or an analysis split into slabs of slices run as Slurm tasks: its job folder's <c>job.json</c>. It
/// records the input (path, length, modification time), what is computed (<see cref="ClusterWorkload"/>; once
/// prepared, with what the parts share decided: the rotation axis, the truncation, the retrieved phase, the
/// segmentation), each slab's slices, the output, what each task asks of Slurm, and every submission. The
/// folder holds the slab files (<c>slabs/</c>), what the preparation made for the parts to read (<c>shared/</c>, until
/// the output is assembled), each task's record (<c>tasks/</c>), the Slurm logs (<c>logs/</c>) and the batch scripts; a task or an assembly run from another file or another version of xrayctl is refused.
/// </summary>
public sealed record ClusterJob(
    int Format,
    string SoftwareVersion,
    string Input,
    long InputBytes,
    DateTime InputModifiedUtc,
    string Output,
    ClusterWorkload Work,
    int Slices,
    IReadOnlyList<VolumePart> Parts,
    ClusterResources Resources,
    IReadOnlyList<ClusterSubmission> Submissions)
{
    public const int CurrentFormat = 2;

    /// <summary>The record numbers of the two steps that are not slabs.</summary>
    public const int PrepareTask = -2;
    public const int AssemblyTask = -1;

    /// <summary>Whether the first step has decided what the parts share (<see cref="Work"/> then holds it).</summary>
    public bool Prepared { get; init; }

    public const string FileName = "job.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IncludeFields = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The slab file of part <paramref name="task"/> in <paramref name="directory"/>.</summary>
    public static string SlabPath(string directory, int task) => Path.Combine(directory, "slabs", string.Create(CultureInfo.InvariantCulture, $"slab_{task:000}.h5"));

    /// <summary>The record a task keeps of itself in <paramref name="directory"/>.</summary>
    public static string TaskPath(string directory, int task) => Path.Combine(directory, "tasks", string.Create(CultureInfo.InvariantCulture, $"task_{task:000}.json"));

    /// <summary>The exit status the batch script records for a task (or the preparation, or the assembly) once its process ends, however it ended.</summary>
    public static string ExitPath(string directory, int task) => Path.Combine(directory, "tasks", task switch
    {
        PrepareTask => "prepare.exit",
        AssemblyTask => "assembly.exit",
        _ => string.Create(CultureInfo.InvariantCulture, $"task_{task:000}.exit"),
    });

    /// <summary>The exit status a step's batch script recorded, or null when it recorded none (still running, or never ran).</summary>
    public static int? ExitStatus(string directory, int task) =>
        File.Exists(ExitPath(directory, task)) && int.TryParse(File.ReadAllText(ExitPath(directory, task)).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int status) ? status : null;

    /// <summary>What the preparation keeps for the parts besides the file (a holotomogram's retrieved projections), removed once the output is assembled.</summary>
    public static string SharedPath(string directory) => Path.Combine(directory, "shared");

    public static string AssemblyPath(string directory) => Path.Combine(directory, "tasks", "assembly.json");

    public static string PreparePath(string directory) => Path.Combine(directory, "tasks", "prepare.json");

    /// <summary>The input as it is on disk now: its length and modification time, which the job must match.</summary>
    public static (long Bytes, DateTime ModifiedUtc) Identity(string input)
    {
        var info = new FileInfo(input);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : throw new InputException($"{input}: no such file");
    }

    public void Write(string directory)
    {
        string path = Path.Combine(directory, FileName);
        File.WriteAllText(path + ".new", JsonSerializer.Serialize(this, Options));
        File.Move(path + ".new", path, overwrite: true);
    }

    /// <summary>
    /// The job of a folder, once sure it was made by this version of xrayctl for the input as it is now; anything else
    /// is bad input naming the difference.
    /// </summary>
    public static ClusterJob Read(string directory, string softwareVersion)
    {
        ClusterJob job = ReadAny(directory);
        if (job.SoftwareVersion != softwareVersion)
        {
            throw new InputException($"{Path.Combine(directory, FileName)}: the job was made by xrayctl {job.SoftwareVersion} and this is {softwareVersion}; run its tasks with the same version (slabs of two versions may differ), or start a new job");
        }

        job.RequireSameInput();
        return job;
    }

    /// <summary>The job of a folder, whatever made it (to report on it).</summary>
    public static ClusterJob ReadAny(string directory)
    {
        string path = Path.Combine(directory, FileName);
        ClusterJob? job;
        try
        {
            job = JsonSerializer.Deserialize<ClusterJob>(File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{directory} is not a cluster job folder: cannot read {FileName} ({e.Message})", e);
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not a cluster job this version reads (line {(e.LineNumber ?? 0) + 1}: {e.Message})", e);
        }

        if (job is null || job.Format != CurrentFormat || job.Parts is null || job.Work is null || job.Resources is null || job.Submissions is null)
        {
            throw new InputException($"{path}: not a cluster job of format {CurrentFormat}");
        }

        return job;
    }

    /// <summary>Refuses an input that changed since the job was made (its slabs would not belong together).</summary>
    public void RequireSameInput()
    {
        (long bytes, DateTime modified) = Identity(Input);
        if (bytes != InputBytes || modified != InputModifiedUtc)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{Input} is not the file the job was made for: {bytes} bytes modified {modified:O} now, {InputBytes} bytes modified {InputModifiedUtc:O} then; start a new job"));
        }
    }
}

/// <summary>How a cluster job's output is made from its slab files.</summary>
public enum ClusterAssembly
{
    /// <summary>An HDF5 virtual dataset that reads through to the slab files (which must then stay).</summary>
    Virtual,

    /// <summary>The slabs' slices copied into one file (and converted to the dtype asked).</summary>
    Copy,
}

/// <summary>What each task asks of Slurm.</summary>
/// <param name="Executable">The command that runs xrayctl on the nodes: the submitter's own executable (a self-contained publish, or dotnet and xrayctl.dll).</param>
public sealed record ClusterResources(string? Partition, int MaxParallel, int CpusPerTask, long MemoryMb, int TimeMinutes, long AssemblyMemoryMb, int AssemblyTimeMinutes, IReadOnlyList<string> Executable)
{
    /// <summary>The preparation's memory: a reconstruction's budget (it reads the rows a band at a time within it), or what an analysis's preparation holds.</summary>
    public long PrepareMemoryMb { get; init; }

    /// <summary>CPUs the assembly asks for.</summary>
    public int AssemblyCpus { get; init; } = 1;

    /// <summary>The preparation's time limit, from its work (<see cref="VolumeSplit.Preparation"/>): reading every frame, and for holotomograms retrieving every angle.</summary>
    public int PrepareTimeMinutes { get; init; }
}

/// <summary>One submission of some of the job's tasks (the first, or a resumption), the preparation they depend on when it has yet to run, and the assembly that depends on them.</summary>
public sealed record ClusterSubmission(string ArrayJobId, IReadOnlyList<int> Tasks, string AssemblyJobId, DateTime SubmittedUtc)
{
    /// <summary>Slurm's id of the preparation submitted with them, or empty when the job was already prepared.</summary>
    public string PrepareJobId { get; init; } = string.Empty;
}
