using PureHDF;
using XrayController.Analysis.Output;
using XrayController.Analysis.Xanes;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Cluster;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Pipelines.Tests;

/// <summary>
/// The XANES analysis as a cluster job's steps run it on their nodes, without Slurm: the preparation's segmentation
/// and E0 kept in the job folder, each part's edge maps in its slab file, the output folder assembled from them; it
/// equals a local <c>analyze xanes</c> of the same spectral reconstruction bit for bit.
/// </summary>
public sealed class XanesClusterTests(SpectralScan fixture) : IClassFixture<SpectralScan>
{
    private const string Version = "test";

    private static Dictionary<string, Array> Datasets(string path)
    {
        using var file = H5File.OpenRead(path);
        IH5Group xanes = file.Group("xanes");
        var datasets = new Dictionary<string, Array>
        {
            ["edge_energy_ev"] = xanes.Dataset("edge_energy_ev").Read<float[]>(),
            ["edge_energy_max_derivative_ev"] = xanes.Dataset("edge_energy_max_derivative_ev").Read<float[]>(),
            ["edge_jump"] = xanes.Dataset("edge_jump").Read<float[]>(),
            ["mask"] = xanes.Dataset("mask").Read<byte[]>(),
            ["mean_spectrum"] = xanes.Dataset("mean_spectrum").Read<double[]>(),
        };
        foreach (string labels in (string[])["fragments", "grains", "particles"])
        {
            datasets[labels] = xanes.Group("labels").Dataset(labels).Read<int[]>();
        }

        return datasets;
    }

    [Fact]
    public void A_xanes_job_in_three_slabs_writes_the_local_analysis_bit_for_bit()
    {
        string directory = Path.Combine(fixture.Directory, "xanes-cluster");
        string stackPath = Path.Combine(directory, "spectral.h5");
        Directory.CreateDirectory(directory);
        fixture.Offline.Run(Requests.Offline(fixture.Scan.RawFile, stackPath, flats: FlatMode.Preceding), CancellationToken.None);
        const long budget = 200_000_000;
        string local = Path.Combine(directory, "local");
        using (SpectralStackFile stack = SpectralStackFile.Open(stackPath))
        {
            XanesReport.Write(local, XanesAnalysis.Run(stack, XanesOptions.Default, budget), Version);
        }

        string job = Path.Combine(directory, "job");
        foreach (string folder in (string[])["slabs", "tasks", "logs"])
        {
            Directory.CreateDirectory(Path.Combine(job, folder));
        }

        (long bytes, DateTime modified) = ClusterJob.Identity(stackPath);
        int depth;
        using (SpectralStackFile stack = SpectralStackFile.Open(stackPath))
        {
            depth = stack.Shape.Depth;
        }

        string output = Path.Combine(directory, "cluster");
        var resources = new ClusterResources(null, 4, 1, 1024, 15, 1024, 15, ["xrayctl"]);
        new ClusterJob(ClusterJob.CurrentFormat, Version, stackPath, bytes, modified, Path.Combine(output, "xanes.h5"), new XanesWorkload(null, null, budget, output), depth, ClusterJobs.Parts(depth, 3, "spectral.h5", ClusterXanes.DefaultSlicesPerPart), resources, []).Write(job);
        var steps = new ClusterSteps([new ClusterXanes(new KernelRateCache(Path.Combine(directory, "rates.json"), Version), new ClusterJobs(new Slurm(), Version), Version)], Version);

        Assert.Contains("is not prepared", Assert.Throws<InputException>(() => steps.RunTask(job, 0, CancellationToken.None)).Message, StringComparison.Ordinal);
        ClusterJob prepared = steps.Prepare(job, CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(job, "shared", "preparation.h5")));
        Assert.NotNull(Assert.IsType<XanesWorkload>(prepared.Work).PreparedE0Ev);
        Assert.Contains("slab 0 (slices", Assert.Throws<InputException>(() => steps.Assemble(job, CancellationToken.None)).Message, StringComparison.Ordinal);
        for (int task = 0; task < prepared.Parts.Count; task++)
        {
            Assert.Equal(TaskRecord.Done, steps.RunTask(job, task, CancellationToken.None).State);
        }

        string written = steps.Assemble(job, CancellationToken.None);

        Assert.Contains($"to {output}", written, StringComparison.Ordinal);
        Dictionary<string, Array> expected = Datasets(Path.Combine(local, "xanes.h5"));
        Dictionary<string, Array> actual = Datasets(Path.Combine(output, "xanes.h5"));
        foreach ((string name, Array values) in expected)
        {
            Assert.True(values.Length > 0 && values.Cast<object>().SequenceEqual(actual[name].Cast<object>()), $"{name} differs");
        }

        foreach (string table in (string[])["fragments.csv", "grains.csv", "particles.csv"])
        {
            Assert.Equal(File.ReadAllText(Path.Combine(local, table)), File.ReadAllText(Path.Combine(output, table)));
        }

        Assert.False(Directory.Exists(Path.Combine(job, "shared")));
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "cluster_provenance.json"))).RootElement.GetArrayLength());
    }
}
