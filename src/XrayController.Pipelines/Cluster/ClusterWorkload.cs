using System.Text.Json.Serialization;
using XrayController.Pipelines.Offline;
using XrayController.Storage;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// What a cluster job computes, as its <c>job.json</c> records it (the <c>kind</c> names which): a reconstruction in
/// slabs of slices, or the XANES analysis with its edges mapped in slabs. <see cref="IClusterWork"/> runs each kind.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ReconstructionWorkload), "reconstruction")]
[JsonDerivedType(typeof(XanesWorkload), "xanes")]
public abstract record ClusterWorkload
{
    /// <summary>What the job makes, for its reports.</summary>
    [JsonIgnore]
    public abstract string What { get; }

    /// <summary>The command that resumes such a job, for its reports.</summary>
    [JsonIgnore]
    public abstract string ResumeCommand { get; }
}

/// <summary>A reconstruction: the request (once prepared, with what the parts share decided), how the volume is stored, and how the output is made from the slabs.</summary>
public sealed record ReconstructionWorkload(ReconstructionRequest Request, VolumeType OutputType, string? TiffDirectory, ClusterAssembly Assembly) : ClusterWorkload
{
    public override string What => "reconstruction";

    public override string ResumeCommand => "xrayctl recon --slurm --resume";
}

/// <summary>
/// The XANES analysis of a spectral stack: the voxel size when the file does not give it, the edge energy when given,
/// the memory budget of each step, and the folder the results go to.
/// </summary>
public sealed record XanesWorkload(double? VoxelSizeUm, double? E0Ev, long MemoryBudgetBytes, string OutputDirectory) : ClusterWorkload
{
    /// <summary>The edge energy the preparation placed the fit windows around (given, or the mean spectrum's derivative peak); null before.</summary>
    public double? PreparedE0Ev { get; init; }

    public override string What => "XANES analysis";

    public override string ResumeCommand => "xrayctl analyze xanes --slurm --resume";
}

/// <summary>
/// Runs one kind of cluster job's steps on a node: the preparation (what the parts share, decided from all the data),
/// a part (its slab file), and the assembly of the output from the parts. Registered once per kind; the steps' common
/// bookkeeping (records, exit statuses, provenance) is <see cref="ClusterSteps"/>'.
/// </summary>
public interface IClusterWork
{
    /// <summary>Whether this runs <paramref name="workload"/>'s kind.</summary>
    bool Runs(ClusterWorkload workload);

    /// <summary>The workload with what every part shares decided, reading the input; what the parts read besides it goes in <paramref name="shared"/>.</summary>
    ClusterWorkload Prepare(ClusterJob job, string shared, CancellationToken cancellationToken);

    /// <summary>Runs part <paramref name="task"/> into its slab file (<see cref="ClusterJob.SlabPath"/>); the counts it adds to its record.</summary>
    TaskRecord RunPart(ClusterJob job, string directory, int task, TaskRecord started, CancellationToken cancellationToken);

    /// <summary>Writes the job's output from the slab files with every task's record; one line saying what was written.</summary>
    string Assemble(ClusterJob job, string directory, IReadOnlyList<TaskRecord> records, CancellationToken cancellationToken);
}
