using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// The shipped one-node Slurm cluster (<c>deploy/slurm/one-node-cluster.sh</c>) under a state folder of its own. Its
/// daemons listen on Slurm's fixed ports, so the tests that start one run one at a time (<see cref="SlurmCollection"/>).
/// Where Slurm is missing or the tests do not run as root the tests are skipped, except when XRAYCTL_REQUIRE_INTEROP=1
/// (as in CI), where that fails.
/// </summary>
internal sealed class OneNodeCluster(string state)
{
    public static readonly string Script = Path.Combine(RepositoryPaths.Root, "deploy", "slurm", "one-node-cluster.sh");

    public string Configuration => Path.Combine(state, "slurm.conf");

    /// <summary>The variable that points Slurm's clients at this cluster.</summary>
    public string Environment => $"SLURM_CONF={Configuration}";

    public static void RequireSlurm()
    {
        bool available = File.Exists("/usr/sbin/slurmctld") && File.Exists("/usr/sbin/munged") && System.Environment.UserName == "root";
        if (!available && System.Environment.GetEnvironmentVariable("XRAYCTL_REQUIRE_INTEROP") == "1")
        {
            Assert.Fail("Slurm needs apt-get install slurm-wlm munge, and the tests run as root");
        }

        Skip.IfNot(available, "Slurm is not installed (apt-get install slurm-wlm munge) or the tests do not run as root");
    }

    public Task<ProcessRun> RunAsync(string action) =>
        ProcessRun.RunAsync("env", [$"XRAYCTL_SLURM_DIR={state}", Script, action], TimeSpan.FromMinutes(1));

    /// <summary>Runs a Slurm client command against this cluster.</summary>
    public Task<ProcessRun> ClientAsync(params string[] command) =>
        ProcessRun.RunAsync("env", [Environment, .. command], TimeSpan.FromMinutes(2));
}

/// <summary>Tests that start a one-node cluster: never two at once.</summary>
[CollectionDefinition(Name)]
public sealed class SlurmCollection
{
    public const string Name = "slurm";
}
