using System.Diagnostics;
using System.Text.Json;
using PureHDF;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// <c>xrayctl recon --slurm</c> on the shipped one-node cluster, as a user runs it: FBP, FDK and phase-retrieval job
/// arrays whose volumes equal the local runs' bit for bit (the FBP output a virtual dataset, read by h5py; the FDK output a copy), a task killed and finished with <c>--resume</c>, and what it refuses
/// (no Slurm on the PATH, no controller, a job folder of another version).
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class ClusterReconstructionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-cluster-").FullName;
    private readonly OneNodeCluster _cluster;

    public ClusterReconstructionTests() => _cluster = new OneNodeCluster(Path.Combine(_directory, "slurm"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static float[] Volume(string path)
    {
        using var file = H5File.OpenRead(path);
        return file.Dataset("/exchange/recon").Read<float[]>();
    }

    private static T Attribute<T>(string path, string name)
    {
        using var file = H5File.OpenRead(path);
        return file.Dataset("/exchange/recon").Attribute(name).Read<T>();
    }

    private Task<ProcessRun> XrayctlAsync(params string[] arguments) => Xrayctl.RunWithAsync([_cluster.Environment], TimeSpan.FromMinutes(4), arguments);

    /// <summary>The demo's parallel-beam scan (128 rows of 128 columns), its raw file.</summary>
    private async Task<string> ParallelScanAsync()
    {
        ProcessRun scan = await Xrayctl.RunAsync("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", _directory, "--publish", "off", "--speed", "50", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        return JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
    }

    /// <summary>A cone-beam scan on the shrunken lab microscope (64 rows of 128 columns, 180 projections), its raw file.</summary>
    private async Task<string> ConeScanAsync()
    {
        string profile = Path.Combine(_directory, "lab-small.json");
        await File.WriteAllTextAsync(profile, SmallProfiles.LabXrm());
        string plan = Path.Combine(_directory, "cone.yaml");
        await File.WriteAllTextAsync(plan, SmallProfiles.LabConePlan);
        ProcessRun scan = await Xrayctl.RunAsync("scan", plan, "--out", _directory, "--publish", "off", "--instrument", profile, "--speed", "20", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        return JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
    }

    /// <summary>The holotomography demo with 60 projections at each of its four distances (128 x 128), not reconstructed after the scan, its raw file.</summary>
    private async Task<string> HolotomographyScanAsync()
    {
        string plan = Path.Combine(_directory, "holotomo.yaml");
        await File.WriteAllTextAsync(plan, (await File.ReadAllTextAsync(RepositoryPaths.Plan("holotomo-demo.yaml"))).Replace("count: 150", "count: 60", StringComparison.Ordinal)
            .Replace("reconstruction: { algorithm: fbp, filter: shepp-logan, phase: ctf, delta_beta: 150, center: auto }", "reconstruction: { algorithm: none }", StringComparison.Ordinal));
        ProcessRun scan = await Xrayctl.RunAsync("scan", plan, "--out", _directory, "--publish", "off", "--speed", "50", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        return JsonDocument.Parse(scan.Output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
    }

    /// <summary>Reconstructs the file here and as a 4-slab job array; asserts the two volumes are the same bit for bit and the job's provenance is recorded.</summary>
    private async Task SameAsLocalAsync(string raw, string name, string[] options, params string[] clusterOptions)
    {
        string local = Path.Combine(_directory, name + "_local.h5");
        string cluster = Path.Combine(_directory, name + "_cluster.h5");
        ProcessRun here = await XrayctlAsync(["recon", raw, "--out", local, .. options]);
        Assert.True(here.ExitCode == 0, here.Error);
        ProcessRun job = await XrayctlAsync(["recon", raw, "--out", cluster, "--slurm", "--slabs", "4", "--cpus-per-task", "1", "--wait", "--json", .. options, .. clusterOptions]);
        Assert.True(job.ExitCode == 0, job.Error + job.Output);
        JsonElement status = JsonDocument.Parse(job.Output).RootElement;
        Assert.True(status.GetProperty("complete").GetBoolean());
        Assert.Equal(4, status.GetProperty("counts").GetProperty("done").GetInt32());

        Assert.Equal(Volume(local), Volume(cluster));
        Assert.Equal(Attribute<double>(local, "center_px"), Attribute<double>(cluster, "center_px"));
        Assert.Equal(Attribute<string>(local, "center_source"), Attribute<string>(cluster, "center_source"));
        Assert.Equal([0, 0, 0, 0], Attribute<int[]>(cluster, "cluster_task_exit_status"));
        Assert.Equal(4, Attribute<string[]>(cluster, "cluster_task_node").Length);
        Assert.All(Attribute<string[]>(cluster, "cluster_task_slurm_job"), id => Assert.Matches(@"^\d+_[0-3]$", id));
    }

    [SkippableFact]
    public async Task Fbp_fdk_and_phase_retrieval_job_arrays_give_the_local_volumes_bit_for_bit_and_bad_input_is_refused()
    {
        OneNodeCluster.RequireSlurm();
        await Python.RequireAsync("h5py", "numpy");
        string parallel = await ParallelScanAsync();
        string cone = await ConeScanAsync();
        string holotomography = await HolotomographyScanAsync();
        try
        {
            ProcessRun started = await _cluster.RunAsync("start");
            Assert.True(started.ExitCode == 0, started.Error);

            await SameAsLocalAsync(parallel, "fbp", []);
            await SameAsLocalAsync(cone, "fdk", ["--memory-gb", "0.01"], "--assemble", "copy");
            await SameAsLocalAsync(holotomography, "phase", ["--phase", "ctf", "--delta-beta", "150", "--phase-iterations", "0"]);
            Assert.False(Directory.Exists(Path.Combine(_directory, "phase_cluster_slurm", "shared")));
            JsonElement virtualDataset = await Python.ReportAsync("compare_volumes.py", Path.Combine(_directory, "fbp_local.h5"), Path.Combine(_directory, "fbp_cluster.h5"));
            Assert.True(virtualDataset.GetProperty("equal").GetBoolean());
            Assert.Equal((false, true), (virtualDataset.GetProperty("first_virtual").GetBoolean(), virtualDataset.GetProperty("second_virtual").GetBoolean()));
            Assert.Equal(4, virtualDataset.GetProperty("second_sources").GetInt32());

            ProcessRun noSlurm = await Xrayctl.RunWithAsync(["PATH=/nonexistent"], TimeSpan.FromMinutes(1), "recon", parallel, "--slurm");
            Assert.Equal((2, "xrayctl: --slurm: sbatch is not on the PATH"), (noSlurm.ExitCode, noSlurm.Error.Split(';')[0]));

            string down = Path.Combine(_directory, "down.conf");
            await File.WriteAllTextAsync(down, (await File.ReadAllTextAsync(_cluster.Configuration)) + "SlurmctldPort=6999\n");
            ProcessRun noController = await Xrayctl.RunWithAsync([$"SLURM_CONF={down}"], TimeSpan.FromMinutes(2), "recon", parallel, "--slurm");
            Assert.Equal(2, noController.ExitCode);
            Assert.StartsWith("xrayctl: --slurm: no Slurm controller answers", noController.Error, StringComparison.Ordinal);

            ProcessRun notWithout = await XrayctlAsync("recon", parallel, "--slabs", "4");
            Assert.Equal((2, "xrayctl: --slabs applies to a Slurm job: add --slurm"), (notWithout.ExitCode, notWithout.Error.Trim()));

            string folder = Path.Combine(_directory, "fbp_cluster_slurm");
            string job = Path.Combine(folder, "job.json");
            await File.WriteAllTextAsync(job, (await File.ReadAllTextAsync(job)).Replace("\"software_version\": \"", "\"software_version\": \"0.0-other+", StringComparison.Ordinal));
            ProcessRun foreign = await XrayctlAsync("cluster", "task", folder, "0");
            Assert.Equal(2, foreign.ExitCode);
            Assert.Contains("the job was made by xrayctl 0.0-other+", foreign.Error, StringComparison.Ordinal);
        }
        finally
        {
            await _cluster.RunAsync("stop");
        }
    }

    /// <summary>
    /// One task killed while it runs (SIGKILL, as the kernel's out-of-memory killer or a lost node ends it): the job
    /// reports that slab failed and why, the assembly does not run; <c>--resume</c> reruns that slab alone and
    /// assembles the same volume as a local run.
    /// </summary>
    [SkippableFact]
    public async Task A_killed_task_is_reported_and_resume_finishes_the_job()
    {
        OneNodeCluster.RequireSlurm();
        string raw = await ParallelScanAsync();
        string local = Path.Combine(_directory, "local.h5");
        string output = Path.Combine(_directory, "resumed.h5");
        string folder = Path.Combine(_directory, "job");
        try
        {
            ProcessRun started = await _cluster.RunAsync("start");
            Assert.True(started.ExitCode == 0, started.Error);
            ProcessRun here = await XrayctlAsync("recon", raw, "--out", local);
            Assert.True(here.ExitCode == 0, here.Error);

            ProcessRun submitted = await XrayctlAsync("recon", raw, "--out", output, "--slurm", "--slabs", "2", "--max-parallel", "1", "--cpus-per-task", "1", "--job-dir", folder, "--json");
            Assert.True(submitted.ExitCode == 0, submitted.Error);
            Assert.Equal(folder, JsonDocument.Parse(submitted.Output).RootElement.GetProperty("job_dir").GetString());

            int pid = await RunningTaskAsync(Path.Combine(folder, "tasks", "task_001.json"));
            Process.GetProcessById(pid).Kill();

            JsonElement status = await SettledAsync(folder);
            Assert.False(status.GetProperty("complete").GetBoolean());
            JsonElement killed = status.GetProperty("slabs")[1];
            Assert.Equal("failed", killed.GetProperty("state").GetString());
            Assert.StartsWith("exit status 137 (signal 9", killed.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("done", status.GetProperty("preparation").GetProperty("state").GetString());
            Assert.Equal("done", status.GetProperty("slabs")[0].GetProperty("state").GetString());
            Assert.NotEqual("done", status.GetProperty("assembly").GetProperty("state").GetString());
            ProcessRun text = await XrayctlAsync("cluster", "status", folder);
            Assert.Equal(1, text.ExitCode);
            Assert.Contains($"finish it with xrayctl recon --slurm --resume {folder}", text.Output, StringComparison.Ordinal);

            ProcessRun resumed = await XrayctlAsync("recon", "--slurm", "--resume", folder, "--wait", "--json");
            Assert.True(resumed.ExitCode == 0, resumed.Error + resumed.Output);
            JsonElement after = JsonDocument.Parse(resumed.Output).RootElement;
            Assert.Equal([1], after.GetProperty("submissions")[1].GetProperty("slabs").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(Volume(local), Volume(output));

            ProcessRun again = await XrayctlAsync("recon", "--slurm", "--resume", folder);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("the job is complete", again.Error, StringComparison.Ordinal);
        }
        finally
        {
            await _cluster.RunAsync("stop");
        }
    }

    /// <summary>
    /// <c>analyze xanes --slurm</c> on a spectral reconstruction of the demo's particles: the preparation segments, four
    /// tasks map the edges, the assembly writes the output folder; h5py finds every dataset equal to the analysis the
    /// scan made here, and the tables are the same text.
    /// </summary>
    [SkippableFact]
    public async Task A_xanes_analysis_job_array_writes_the_local_analysis_bit_for_bit()
    {
        OneNodeCluster.RequireSlurm();
        await Python.RequireAsync("h5py", "numpy");
        // The demo's spectral scan at half its angles and every other edge energy: the comparison needs a real analysis, not the demo's size.
        string plan = Path.Combine(_directory, "xanes-small.yaml");
        await File.WriteAllTextAsync(plan, (await File.ReadAllTextAsync(RepositoryPaths.Plan("xanes-demo.yaml")))
            .Replace("count: 72", "count: 36", StringComparison.Ordinal)
            .Replace("{ from_ev: 8332, to_ev: 8358, step_ev: 1 }", "{ from_ev: 8332, to_ev: 8358, step_ev: 2 }", StringComparison.Ordinal));
        ProcessRun scan = await Xrayctl.RunAsync("scan", plan, "--out", _directory, "--publish", "off", "--speed", "50", "--json");
        Assert.True(scan.ExitCode == 0, scan.Error);
        JsonElement xanes = JsonDocument.Parse(scan.Output).RootElement.GetProperty("xanes");
        string recon = xanes.GetProperty("recon").GetString()!;

        // The local analysis is the one the scan made.
        string local = xanes.GetProperty("analysis_dir").GetString()!;
        string cluster = Path.Combine(_directory, "cluster_xanes");
        try
        {
            ProcessRun started = await _cluster.RunAsync("start");
            Assert.True(started.ExitCode == 0, started.Error);

            ProcessRun job = await XrayctlAsync("analyze", "xanes", recon, "--out", cluster, "--slurm", "--slabs", "4", "--cpus-per-task", "1", "--wait", "--json");
            Assert.True(job.ExitCode == 0, job.Error + job.Output);
            JsonElement status = JsonDocument.Parse(job.Output).RootElement;
            Assert.Equal(("XANES analysis", 4), (status.GetProperty("work").GetString(), status.GetProperty("counts").GetProperty("done").GetInt32()));

            JsonElement compared = await Python.ReportAsync("compare_xanes.py", Path.Combine(local, "xanes.h5"), Path.Combine(cluster, "xanes.h5"));
            Assert.True(compared.GetProperty("equal").GetBoolean(), compared.ToString());
            Assert.True(compared.GetProperty("datasets").GetInt32() >= 9 && compared.GetProperty("edge_voxels").GetInt32() > 1000, compared.ToString());
            foreach (string table in (string[])["fragments.csv", "grains.csv", "particles.csv"])
            {
                Assert.Equal(await File.ReadAllTextAsync(Path.Combine(local, table)), await File.ReadAllTextAsync(Path.Combine(cluster, table)));
            }

            ProcessRun assembled = await XrayctlAsync("analyze", "xanes", recon, "--out", cluster, "--slurm", "--assemble", "copy");
            Assert.Equal(2, assembled.ExitCode);
        }
        finally
        {
            await _cluster.RunAsync("stop");
        }
    }

    /// <summary>The process of a task once its record says it runs.</summary>
    private static async Task<int> RunningTaskAsync(string record)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (File.Exists(record) && JsonDocument.Parse(await File.ReadAllTextAsync(record)).RootElement is { } task && task.GetProperty("state").GetString() == "running")
            {
                return task.GetProperty("process_id").GetInt32();
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{record} never said the task runs");
    }

    /// <summary>The job's status once nothing of it is queued or running.</summary>
    private async Task<JsonElement> SettledAsync(string folder)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            ProcessRun status = await XrayctlAsync("cluster", "status", folder, "--json");
            JsonElement report = JsonDocument.Parse(status.Output).RootElement;
            if (!report.GetProperty("active").GetBoolean())
            {
                return report;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{folder}: the job never settled");
    }
}
