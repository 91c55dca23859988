using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Cluster;
using XrayController.Pipelines.Offline;
using XrayController.Storage;

namespace XrayController.Pipelines.Tests;

/// <summary>A cluster job's folder: what it refuses (another version, a changed input) and how a slab's state is read from its records and Slurm's report.</summary>
public sealed class ClusterJobTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-job-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ClusterJob Job(string input)
    {
        (long bytes, DateTime modified) = ClusterJob.Identity(input);
        var resources = new ClusterResources(null, 4, 1, 1024, 15, 600, 11, ["/opt/xrayctl/xrayctl"]);
        var work = new ReconstructionWorkload(Requests.Offline(input, "unused.h5", 63.5) with { ExtendTruncated = true, Part = null }, VolumeType.UInt16, null, ClusterAssembly.Copy);
        return new ClusterJob(ClusterJob.CurrentFormat, "1.0+abc", input, bytes, modified, Path.Combine(_directory, "out.h5"), work, 128, [new VolumePart(0, 64), new VolumePart(64, 128)], resources, [new ClusterSubmission("12", [0, 1], "13", DateTime.UnixEpoch)]);
    }

    [Fact]
    public void A_job_reads_back_as_written_and_refuses_another_version_or_a_changed_input()
    {
        string input = Path.Combine(_directory, "scan.h5");
        File.WriteAllBytes(input, new byte[100]);
        ClusterJob job = Job(input);
        job.Write(_directory);

        ClusterJob read = ClusterJob.Read(_directory, "1.0+abc");
        Assert.Equal(job.Parts, read.Parts);
        var written = (ReconstructionWorkload)job.Work;
        ReconstructionWorkload work = Assert.IsType<ReconstructionWorkload>(read.Work);
        Assert.Equal((written.Request.CenterPx, written.Request.ExtendTruncated, written.Request.Filter), (work.Request.CenterPx, work.Request.ExtendTruncated, work.Request.Filter));
        Assert.Equal(job.Resources.Executable, read.Resources.Executable);
        Assert.Equal((VolumeType.UInt16, ClusterAssembly.Copy), (work.OutputType, work.Assembly));

        ClusterJob analysis = job with { Work = new XanesWorkload(0.1, null, 1L << 30, Path.Combine(_directory, "xanes")) { PreparedE0Ev = 8345.5 } };
        analysis.Write(_directory);
        XanesWorkload xanes = Assert.IsType<XanesWorkload>(ClusterJob.Read(_directory, "1.0+abc").Work);
        Assert.Equal((0.1, (double?)null, 8345.5), (xanes.VoxelSizeUm!.Value, xanes.E0Ev, xanes.PreparedE0Ev!.Value));
        job.Write(_directory);
        Assert.Equal("12", Assert.Single(read.Submissions).ArrayJobId);

        Assert.Contains("made by xrayctl 1.0+abc and this is 2.0", Assert.Throws<InputException>(() => ClusterJob.Read(_directory, "2.0")).Message, StringComparison.Ordinal);
        File.WriteAllBytes(input, new byte[101]);
        Assert.Contains("is not the file the job was made for: 101 bytes", Assert.Throws<InputException>(() => ClusterJob.Read(_directory, "1.0+abc")).Message, StringComparison.Ordinal);
        Assert.Contains("not a cluster job folder", Assert.Throws<InputException>(() => ClusterJob.Read(Path.Combine(_directory, "none"), "1.0+abc")).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_directory, ClusterJob.FileName), "{\"format\": 2");
        Assert.Contains("not a cluster job this version reads", Assert.Throws<InputException>(() => ClusterJob.Read(_directory, "1.0+abc")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slabs_state_comes_from_its_own_record_its_exit_status_and_slurms_report()
    {
        var part = new VolumePart(0, 64);
        TaskRecord started = TaskRecord.Start(0, "1.0") with { Node = "node7" };
        TaskRecord done = started.Ended(error: null);
        SlabState State(TaskRecord? record, int? exit, SlurmTask? slurm, bool output) => SlabStatus.Of(0, part, record, exit, slurm, output).State;

        Assert.Equal(SlabState.Done, State(done, 0, null, output: true));
        Assert.Equal(SlabState.Failed, State(done, 0, null, output: false));
        Assert.Equal(SlabState.Pending, State(null, null, new SlurmTask("5_0", "PENDING", "Resources", "0:0", string.Empty), output: false));
        Assert.Equal(SlabState.Running, State(started, null, new SlurmTask("5_0", "RUNNING", "None", "0:0", "node7"), output: false));
        Assert.Equal(SlabState.Missing, State(null, null, null, output: false));

        SlabStatus killed = SlabStatus.Of(0, part, started, 137, null, outputExists: false);
        Assert.Equal((SlabState.Failed, "exit status 137 (signal 9: killed, perhaps out of memory)"), (killed.State, killed.Detail));
        SlabStatus lost = SlabStatus.Of(0, part, started, null, null, outputExists: false);
        Assert.StartsWith("lost: started on node7", lost.Detail, StringComparison.Ordinal);
        SlabStatus cancelled = SlabStatus.Of(0, part, null, null, new SlurmTask("5_0", "CANCELLED", "None", "0:0", string.Empty), outputExists: false);
        Assert.Equal((SlabState.Failed, "cancelled"), (cancelled.State, cancelled.Detail));
        SlabStatus failed = SlabStatus.Of(0, part, started.Ended("disk full"), 1, null, outputExists: false);
        Assert.Equal((SlabState.Failed, "failed: disk full"), (failed.State, failed.Detail));
    }
}
