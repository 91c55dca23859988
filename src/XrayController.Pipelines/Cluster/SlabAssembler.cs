using System.Globalization;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;
using XrayController.Storage;
using XrayController.Storage.Reading;
using XrayController.Storage.Virtual;

namespace XrayController.Pipelines.Cluster;

/// <summary>A reconstruction cluster job's output made from its slab files: a virtual dataset over them, or a copy; the metadata of the first slab, and every task's provenance.</summary>
internal static class SlabAssembler
{
    /// <summary>
    /// Writes the job's output from its slab files, a slice at a time, as the dtype asked (16-bit integers scaled over
    /// the whole volume's range), or as a virtual dataset over them, with every task's provenance (its record) in the
    /// volume's attributes; the TIFF stack when asked.
    /// </summary>
    public static ReconstructionResult Write(ClusterJob job, ReconstructionWorkload work, string directory, IReadOnlyList<TaskRecord> records, CancellationToken cancellationToken)
    {
        ReconstructionMetadata metadata;
        int size;
        using (NativeFile first = H5File.OpenRead(ClusterJob.SlabPath(directory, 0)))
        {
            IH5Dataset recon = first.Dataset("/exchange/recon");
            metadata = ReconstructionMetadata.Read(recon);
            size = (int)recon.Space.Dimensions[2];
        }

        var extra = new Dictionary<string, object>(metadata.Extra)
        {
            ["cluster_slab_first_slice"] = job.Parts.Select(p => p.First).ToArray(),
            ["cluster_slab_end_slice"] = job.Parts.Select(p => p.End).ToArray(),
            ["cluster_task_node"] = records.Select(r => r.Node).ToArray(),
            ["cluster_task_slurm_job"] = records.Select(r => r.SlurmJobId ?? "none").ToArray(),
            ["cluster_task_started"] = records.Select(r => r.StartedUtc.ToString("O", CultureInfo.InvariantCulture)).ToArray(),
            ["cluster_task_seconds"] = records.Select(r => r.Seconds ?? 0).ToArray(),
            ["cluster_task_exit_status"] = records.Select(r => ClusterJob.ExitStatus(directory, r.Task) ?? 0).ToArray(),
            ["cluster_task_software_version"] = records.Select(r => r.SoftwareVersion).ToArray(),
        };
        metadata = metadata with { Extra = extra };
        if (work.Assembly == ClusterAssembly.Virtual)
        {
            VirtualVolumeWriter.Write(job.Output, size, [.. job.Parts.Select((p, task) => new VirtualSlab(ClusterJob.SlabPath(directory, task), p.First, p.Slices))], metadata);
        }

        ReconstructionFileWriter? writer = work.Assembly == ClusterAssembly.Copy ? new ReconstructionFileWriter(job.Output, job.Slices, size, metadata, work.OutputType) : null;
        TiffStackWriter? tiff = work.TiffDirectory is { } folder ? new TiffStackWriter(folder, size) : null;
        using (writer)
        {
            for (int task = 0; task < job.Parts.Count && (writer ?? (object?)tiff) is not null; task++)
            {
                VolumePart part = job.Parts[task];
                using NativeFile slab = H5File.OpenRead(ClusterJob.SlabPath(directory, task));
                IH5Dataset recon = slab.Dataset("/exchange/recon");
                RequireShape(recon, part, size, directory, task);
                for (int k = 0; k < part.Slices; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    float[] slice = ElementReader.ReadVolume(recon, new HyperslabSelection(rank: 3, starts: [(ulong)k, 0, 0], blocks: [1, (ulong)size, (ulong)size]), $"slab {task}");
                    writer?.WriteSlab(part.First + k, slice);
                    tiff?.Write(part.First + k, slice);
                }
            }

            writer?.Complete();
        }

        double seconds = records.Sum(r => r.Seconds ?? 0);
        return new ReconstructionResult(job.Output, metadata.FirstRow, job.Slices, size, metadata.CenterPx, metadata.CenterSource, metadata.Units, records.Sum(r => r.FlooredPixels), records.Sum(r => r.Zingers), seconds, work.TiffDirectory);
    }

    private static void RequireShape(IH5Dataset recon, VolumePart part, int size, string directory, int task)
    {
        ulong[] dims = recon.Space.Dimensions;
        if (dims.Length != 3 || dims[0] != (ulong)part.Slices || dims[1] != (ulong)size || dims[2] != (ulong)size)
        {
            throw new InputException($"{ClusterJob.SlabPath(directory, task)} is [{string.Join(", ", dims)}], not the [{part.Slices}, {size}, {size}] of its part; rerun it (remove it and resume the job)");
        }
    }

    /// <summary>
    /// How the output is assembled: as asked, else a virtual dataset over the slab files when they hold the volume's
    /// values as stored (float32), and a copy otherwise; a virtual dataset needs the HDF5 C library here.
    /// </summary>
    public static ClusterAssembly Choose(ClusterAssembly? asked, VolumeType type)
    {
        ClusterAssembly assembly = asked ?? (type == VolumeType.Float32 ? ClusterAssembly.Virtual : ClusterAssembly.Copy);
        if (assembly == ClusterAssembly.Virtual && type != VolumeType.Float32)
        {
            throw new InputException($"--assemble virtual maps the slabs' float32 values as they are; --dtype {VolumeTypes.Names.First(n => n.Value == type).Key} needs --assemble copy");
        }

        return assembly == ClusterAssembly.Virtual && !VirtualVolumeWriter.Available(out string why)
            ? throw new InputException($"--assemble virtual: {why}; or give --assemble copy")
            : assembly;
    }
}
