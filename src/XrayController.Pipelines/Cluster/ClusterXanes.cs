using System.Globalization;
using XrayController.Analysis;
using XrayController.Analysis.Output;
using XrayController.Analysis.Xanes;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// The XANES analysis as a cluster job (<see cref="ClusterJobs"/>): the preparation, on one node, makes the mean
/// attenuation, the segmentation and the material's mean spectrum, which places the fit windows
/// (<see cref="XanesAnalysis.Prepare"/>), and keeps them in the job folder; each part normalises the voxels of its
/// slices and maps their edges (<see cref="XanesAnalysis.MapSlices"/>), the per-voxel stages that take the time; the
/// assembly masks the edges, builds the tables and writes the output folder as <c>xanes analyze</c> does
/// (<see cref="XanesAnalysis.Finish"/>, <see cref="XanesReport"/>). Each voxel's edge depends on that voxel alone, so the
/// output equals a local run's bit for bit. The preparation and the assembly hold the whole volume's per-voxel results
/// (<see cref="XanesMemory"/>); a part holds its slices' maps and a slab of the stack at every energy.
/// </summary>
public sealed class ClusterXanes(KernelRateCache rates, ClusterJobs jobs, string softwareVersion) : IClusterWork
{
    /// <summary>Slices a part holds unless <c>--slabs</c> says otherwise.</summary>
    public const int DefaultSlicesPerPart = 32;

    /// <summary>A shared filesystem's pace that the assembly's time limit assumes for what it reads and writes (slow, for room).</summary>
    private const double AssemblyBytesPerSecond = 20e6;

    /// <summary>Writes the job folder for the analysis of <paramref name="input"/> and submits its three steps.</summary>
    public SubmittedJob Submit(string input, XanesWorkload asked, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Assembly is not null)
        {
            throw new InputException("--assemble applies to a reconstruction's volume; the XANES analysis writes its output folder whole");
        }

        XanesWorkload work = asked with { OutputDirectory = Path.GetFullPath(asked.OutputDirectory) };
        string directory = Path.GetFullPath(options.JobDirectory ?? work.OutputDirectory + "_slurm");
        jobs.RequireNew(directory);
        input = Path.GetFullPath(input);
        (long inputBytes, DateTime inputModified) = ClusterJob.Identity(input);
        using SpectralStackFile stack = SpectralStackFile.Open(input, work.VoxelSizeUm);
        XanesMemory whole = XanesMemory.Plan(stack, work.MemoryBudgetBytes);
        VolumeShape shape = stack.Shape;
        IReadOnlyList<VolumePart> parts = ClusterJobs.Parts(shape.Depth, options.Slabs, Path.GetFileName(input), DefaultSlicesPerPart);
        int deepest = parts.Max(p => p.Slices);
        int slab = SlabSlices(stack, deepest, work.MemoryBudgetBytes);
        ReconstructionWork analysis = AnalysisEstimates.Xanes(stack, work.OutputDirectory, work.MemoryBudgetBytes).Work;
        double share = (double)deepest / shape.Depth;
        var task = new ReconstructionWork(0, 0, 0) { StackBytesRead = analysis.StackBytesRead / XanesAnalysis.Passes * share, EdgeFitValues = analysis.EdgeFitValues * share };
        var preparation = new ReconstructionWork(0, 0, 0) { StackBytesRead = analysis.StackBytesRead * (XanesAnalysis.Passes - 1) / XanesAnalysis.Passes, SegmentedVoxels = analysis.SegmentedVoxels };
        KernelRates kernels = rates.RatesFor(task, out _);
        double assemblyBytes = ((long)EdgeMaps.BytesPerVoxel + AnalysisEstimates.XanesFileBytesPerVoxel) * shape.Voxels;
        var resources = new ClusterResources(
            options.Partition,
            options.MaxParallel,
            options.CpusPerTask,
            ClusterJobs.Megabytes(MapBytes(shape, deepest) + (slab * stack.SlabBytes(1))),
            ClusterJobs.TimeLimitMinutes(kernels.Seconds(task)),
            ClusterJobs.Megabytes(XanesMemory.WritingBytesPerVoxel * shape.Voxels),
            ClusterJobs.TimeLimitMinutes(assemblyBytes / AssemblyBytesPerSecond),
            options.Executable)
        {
            PrepareMemoryMb = ClusterJobs.Megabytes(whole.PeakBytes),
            PrepareTimeMinutes = ClusterJobs.TimeLimitMinutes(kernels.Seconds(preparation)),
            AssemblyCpus = options.CpusPerTask,
        };
        return jobs.Start(new ClusterJob(ClusterJob.CurrentFormat, softwareVersion, input, inputBytes, inputModified, Path.Combine(work.OutputDirectory, "xanes.h5"), work, shape.Depth, parts, resources, []), directory);
    }

    public bool Runs(ClusterWorkload workload) => workload is XanesWorkload;

    /// <summary>The mean attenuation, the segmentation and the mean spectrum, kept for the parts and the assembly; E0 recorded in the job.</summary>
    public ClusterWorkload Prepare(ClusterJob job, string shared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var work = (XanesWorkload)job.Work;
        using SpectralStackFile stack = SpectralStackFile.Open(job.Input, work.VoxelSizeUm);
        XanesPreparation prepared = XanesAnalysis.Prepare(stack, Options(work), work.MemoryBudgetBytes);
        Directory.CreateDirectory(shared);
        XanesClusterFiles.WritePreparation(Path.Combine(shared, XanesClusterFiles.PreparationName), prepared, stack.Shape);
        return work with { PreparedE0Ev = prepared.E0Ev };
    }

    /// <summary>Each voxel of the part's slices normalised and its edge found, the maps into its slab file.</summary>
    public TaskRecord RunPart(ClusterJob job, string directory, int task, TaskRecord started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(started);
        var work = (XanesWorkload)job.Work;
        VolumePart part = job.Parts[task];
        using SpectralStackFile stack = SpectralStackFile.Open(job.Input, work.VoxelSizeUm);
        double e0 = work.PreparedE0Ev ?? throw new InvalidOperationException("a prepared XANES job without its E0");
        EdgeMaps maps = XanesAnalysis.MapSlices(stack, XanesAnalysis.Normaliser(stack, e0, Options(work)), part.First, part.End, SlabSlices(stack, part.Slices, work.MemoryBudgetBytes));
        XanesClusterFiles.WriteMaps(ClusterJob.SlabPath(directory, task), maps);
        return started.Ended(error: null);
    }

    /// <summary>The parts' maps joined, the edges masked and tabulated, and the output folder written as <c>analyze xanes</c> writes it, with the tasks' records.</summary>
    public string Assemble(ClusterJob job, string directory, IReadOnlyList<TaskRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var work = (XanesWorkload)job.Work;
        using SpectralStackFile stack = SpectralStackFile.Open(job.Input, work.VoxelSizeUm);
        XanesPreparation prepared = XanesClusterFiles.ReadPreparation(Path.Combine(ClusterJob.SharedPath(directory), XanesClusterFiles.PreparationName), stack.Shape);
        EdgeMaps maps = EdgeMaps.Allocate(stack.Shape);
        for (int task = 0; task < job.Parts.Count; task++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            XanesClusterFiles.ReadMapsInto(ClusterJob.SlabPath(directory, task), maps, job.Parts[task].First, job.Parts[task].Slices);
        }

        XanesResult result = XanesAnalysis.Finish(stack, prepared, maps, Options(work));
        IReadOnlyList<string> written = XanesReport.Write(work.OutputDirectory, result, softwareVersion);
        File.WriteAllText(Path.Combine(work.OutputDirectory, "cluster_provenance.json"), TaskRecord.Json(records));
        return string.Create(CultureInfo.InvariantCulture, $"{XanesReport.Summary(result)}{Environment.NewLine}wrote {written.Count + 1} files to {work.OutputDirectory}");
    }

    private static XanesOptions Options(XanesWorkload work) => XanesOptions.Default with { E0Ev = work.E0Ev };

    private static long MapBytes(VolumeShape shape, int slices) => (long)EdgeMaps.BytesPerVoxel * slices * shape.PlaneSize;

    /// <summary>
    /// The slices a part reads at once beside its maps under the budget (at most <see cref="XanesMemory.MaxSlabBytes"/>
    /// a slab); a budget that does not hold the maps and one slice is refused.
    /// </summary>
    private static int SlabSlices(ISpectralStack stack, int slices, long budgetBytes)
    {
        long sliceBytes = Math.Max(1, stack.SlabBytes(1));
        long left = budgetBytes - MapBytes(stack.Shape, slices);
        return left >= sliceBytes
            ? (int)Math.Clamp(Math.Min(left, Math.Max(sliceBytes, XanesMemory.MaxSlabBytes)) / sliceBytes, 1, slices)
            : throw MemoryBudget.TooSmall($"{stack.Source}: the edges of a part of {slices} slices", "its edge maps and one slice at every energy", MapBytes(stack.Shape, slices) + sliceBytes, budgetBytes);
    }
}
