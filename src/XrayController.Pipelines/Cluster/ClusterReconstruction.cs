using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;
using XrayController.Pipelines.Techniques;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// A reconstruction as a cluster job (<see cref="ClusterJobs"/>): submitting splits the volume's slices into parts
/// from the file's metadata (<see cref="ITechnique.Split"/>); the preparation decides what a whole run decides from all
/// the data (<see cref="ITechnique.Decide"/>); each part reconstructs its slices into a slab file; the assembly makes the
/// output from them. The volume equals the local run's bit for bit, since a part's slices do not depend on where the
/// parts begin.
/// </summary>
public sealed class ClusterReconstruction(TechniqueList techniques, OfflineReconstruction offline, KernelRateCache rates, ClusterJobs jobs, string softwareVersion) : IClusterWork
{
    /// <summary>Slices a part holds unless <c>--slabs</c> says otherwise.</summary>
    public const int DefaultSlicesPerPart = 64;

    /// <summary>A shared filesystem's pace, read and written, that the assembly's time limit assumes (slow, for room).</summary>
    private const double AssemblyBytesPerSecond = 20e6;

    /// <summary>Writes the job folder and submits the preparation, the array and the assembly; the job, with its first submission.</summary>
    public SubmittedJob Submit(ReconstructionRequest request, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        string output = Path.GetFullPath(request.OutputPath ?? OfflineReconstruction.DefaultOutput(request.InputPath));
        string directory = Path.GetFullPath(options.JobDirectory ?? Path.ChangeExtension(output, null) + "_slurm");
        jobs.RequireNew(directory);
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
            parts = ClusterJobs.Parts(slices, options.Slabs, Path.GetFileName(input));
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
            ClusterJobs.Megabytes(largest.PeakMemoryBytes),
            ClusterJobs.TimeLimitMinutes(seconds),
            ClusterJobs.Megabytes(4 * sliceFloats),
            ClusterJobs.TimeLimitMinutes(2.0 * sliceFloats * slices / AssemblyBytesPerSecond),
            options.Executable)
        {
            PrepareMemoryMb = ClusterJobs.Megabytes(request.MemoryBudgetBytes),
            PrepareTimeMinutes = ClusterJobs.TimeLimitMinutes(rates.RatesFor(preparation, out _).Seconds(preparation)),
        };
        var work = new ReconstructionWorkload(absolute, request.OutputType, request.TiffDirectory is { } tiff ? Path.GetFullPath(tiff) : null, SlabAssembler.Choose(options.Assembly, request.OutputType));
        return jobs.Start(new ClusterJob(ClusterJob.CurrentFormat, softwareVersion, input, inputBytes, inputModified, output, work, slices, parts, resources, []), directory);
    }

    public bool Runs(ClusterWorkload workload) => workload is ReconstructionWorkload;

    /// <summary>What every part must share, decided from the file by its technique (<see cref="ITechnique.Decide"/>).</summary>
    public ClusterWorkload Prepare(ClusterJob job, string shared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var work = (ReconstructionWorkload)job.Work;
        using TomographyFile file = OfflineReconstruction.Open(job.Input);
        ITechnique technique = techniques.ForFile(file, work.Request);
        ReconstructionRequest decided = technique.Decide(file, work.Request, shared, cancellationToken);
        int slices = technique.Split(file, decided).Slices;
        return slices == job.Slices
            ? work with { Request = decided }
            : throw new InvalidOperationException($"the volume has {slices} slices once decided, not the {job.Slices} the job was split into");
    }

    /// <summary>Reconstructs the part's slices into its slab file; the corrections' counts go in its record.</summary>
    public TaskRecord RunPart(ClusterJob job, string directory, int task, TaskRecord started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(started);
        var work = (ReconstructionWorkload)job.Work;
        ReconstructionResult result = offline.Run(work.Request with { Part = job.Parts[task], OutputPath = ClusterJob.SlabPath(directory, task) }, cancellationToken);
        return started.Ended(result);
    }

    /// <summary>The volume from the slab files (<see cref="SlabAssembler"/>).</summary>
    public string Assemble(ClusterJob job, string directory, IReadOnlyList<TaskRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ReconstructionResult result = SlabAssembler.Write(job, (ReconstructionWorkload)job.Work, directory, records, cancellationToken);
        return $"assembled {result.Slices} slices -> {result.OutputPath}";
    }
}
