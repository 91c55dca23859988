namespace XrayController.EndToEnd.Tests;

/// <summary>
/// The shipped one-node Slurm cluster (<c>deploy/slurm/one-node-cluster.sh</c>, Debian's <c>slurm-wlm</c> and
/// <c>munge</c>, run as root): it starts, runs a job array, and stops, each action idempotent. Skipped where Slurm is
/// missing or the tests do not run as root, except when XRAYCTL_REQUIRE_INTEROP=1 (as in CI), where that fails.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class OneNodeClusterTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("xrayctl-slurm-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [SkippableFact]
    public async Task The_shipped_script_starts_a_cluster_that_runs_a_job_array_then_stops_it()
    {
        OneNodeCluster.RequireSlurm();
        string conf = Path.Combine(_state, "slurm.conf");
        string job = Path.Combine(_state, "task.sh");
        await File.WriteAllTextAsync(job, "#!/bin/sh\necho \"task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID\"\n");
        try
        {
            ProcessRun started = await Cluster("start");
            Assert.True(started.ExitCode == 0, started.Error);
            Assert.Contains($"export SLURM_CONF={conf}", started.Output, StringComparison.Ordinal);
            ProcessRun again = await Cluster("start");
            Assert.True(again.ExitCode == 0, again.Error);
            Assert.Contains("running", again.Output, StringComparison.Ordinal);

            ProcessRun array = await ProcessRun.RunAsync("env", [$"SLURM_CONF={conf}", "sbatch", "--wait", "--parsable", "--array=0-3", "--mem=100", "-o", Path.Combine(_state, "task_%a.out"), job], TimeSpan.FromMinutes(2));
            Assert.True(array.ExitCode == 0, array.Error);
            string jobId = array.Output.Trim();
            for (int task = 0; task < 4; task++)
            {
                Assert.Equal($"task {task} of job {jobId}", (await File.ReadAllTextAsync(Path.Combine(_state, $"task_{task}.out"))).Trim());
            }
        }
        finally
        {
            ProcessRun stopped = await Cluster("stop");
            Assert.True(stopped.ExitCode == 0, stopped.Error);
        }

        ProcessRun stoppedAgain = await Cluster("stop");
        Assert.True(stoppedAgain.ExitCode == 0, stoppedAgain.Error);
        ProcessRun query = await ProcessRun.RunAsync("env", [$"SLURM_CONF={conf}", "sinfo"], TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, query.ExitCode);
    }

    private Task<ProcessRun> Cluster(string action) => new OneNodeCluster(_state).RunAsync(action);
}
