using System.Diagnostics;
using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Cluster;

/// <summary>
/// The Slurm commands a cluster job uses, run as the user runs them (<c>sbatch</c>, <c>squeue</c>, <c>scontrol</c>,
/// <c>sacct</c>) with whatever <c>SLURM_CONF</c> and account the environment gives. A missing command or a controller
/// that does not answer is bad input naming it.
/// </summary>
public sealed class Slurm
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Refuses to go on without <c>sbatch</c> on the PATH or a controller that answers <c>scontrol ping</c>.</summary>
    public void RequireController()
    {
        foreach (string command in (string[])["sbatch", "squeue", "scontrol"])
        {
            if (!OnPath(command))
            {
                throw new InputException($"--slurm: {command} is not on the PATH; install the Slurm client (Debian: slurm-client) or load the cluster's Slurm module");
            }
        }

        (int code, string output, string error) = Run("scontrol", ["ping"]);
        if (code != 0 || !output.Contains("UP", StringComparison.Ordinal))
        {
            throw new InputException($"--slurm: no Slurm controller answers (scontrol ping: {FirstLine(output + error)}); start it, or set SLURM_CONF to the cluster's slurm.conf");
        }
    }

    /// <summary>Submits a batch script; Slurm's job id. A refusal (a partition that does not exist, a request too large for any node) is bad input with Slurm's words.</summary>
    public string Submit(string script, IEnumerable<string> options)
    {
        (int code, string output, string error) = Run("sbatch", ["--parsable", .. options, script]);
        return code == 0 && output.Trim().Split(';')[0] is { Length: > 0 } id
            ? id
            : throw new InputException($"sbatch refused the job: {FirstLine(error + output)}");
    }

    /// <summary>What Slurm's controller remembers of the jobs (each array task its own record): <c>scontrol show job</c>, which keeps finished jobs for a few minutes, then <c>sacct</c> where accounting is kept.</summary>
    public IReadOnlyList<SlurmTask> Tasks(IEnumerable<string> jobIds)
    {
        var tasks = new Dictionary<string, SlurmTask>();
        foreach (string id in jobIds)
        {
            foreach (SlurmTask task in Accounting(id).Concat(Controller(id)))
            {
                tasks[task.JobId] = task;
            }
        }

        return [.. tasks.Values];
    }

    private static IEnumerable<SlurmTask> Controller(string jobId)
    {
        (int code, string output, _) = Run("scontrol", ["-o", "show", "job", jobId]);
        if (code != 0)
        {
            yield break;
        }

        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Dictionary<string, string> fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(t => t.Split('=', 2))
                .Where(p => p.Length == 2)
                .GroupBy(p => p[0])
                .ToDictionary(g => g.Key, g => g.First()[1]);
            IEnumerable<string> ids = fields.TryGetValue("ArrayTaskId", out string? tasks) && fields.TryGetValue("ArrayJobId", out string? array)
                ? ArrayTasks(tasks).Select(t => $"{array}_{t}")
                : [fields.GetValueOrDefault("JobId", jobId)];
            foreach (string id in ids)
            {
                yield return new SlurmTask(id, fields.GetValueOrDefault("JobState", "UNKNOWN"), fields.GetValueOrDefault("Reason", "None"), fields.GetValueOrDefault("ExitCode", string.Empty), fields.GetValueOrDefault("NodeList", string.Empty));
            }
        }
    }

    /// <summary>The task numbers of a record that stands for several pending tasks (<c>1-3,7%2</c>: tasks 1, 2, 3 and 7, two at a time).</summary>
    private static IEnumerable<int> ArrayTasks(string text) =>
        text.Split('%')[0].Split(',', StringSplitOptions.RemoveEmptyEntries).SelectMany(range =>
        {
            string[] bounds = range.Split('-');
            return int.TryParse(bounds[0], out int first) && int.TryParse(bounds[^1], out int last) && last >= first
                ? Enumerable.Range(first, last - first + 1)
                : [];
        });

    /// <summary>Finished tasks from <c>sacct</c>; none where the cluster keeps no accounting (no slurmdbd).</summary>
    private static IEnumerable<SlurmTask> Accounting(string jobId)
    {
        if (!OnPath("sacct"))
        {
            return [];
        }

        (int code, string output, _) = Run("sacct", ["-n", "-P", "-X", "-j", jobId, "-o", "JobID,State,ExitCode,NodeList,Reason"]);
        return code != 0 ? [] :
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('|'))
                .Where(f => f.Length >= 5)
                .Select(f => new SlurmTask(f[0], f[1].Split(' ')[0], f[4], f[2], f[3]));
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, command)));

    private static string FirstLine(string text) => text.Trim().Split('\n')[0].Trim() is { Length: > 0 } line ? line : "no answer";

    private static (int Code, string Output, string Error) Run(string command, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InputException($"cannot start {command}");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InputException($"{command} {string.Join(' ', arguments)} did not answer within {CommandTimeout.TotalSeconds:0} s: is the Slurm controller reachable?");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>One job or array task as Slurm reports it: <paramref name="JobId"/> <c>123_4</c> for task 4 of array 123.</summary>
/// <param name="State">PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL …</param>
/// <param name="ExitCode">Slurm's <c>code:signal</c>.</param>
public sealed record SlurmTask(string JobId, string State, string Reason, string ExitCode, string Nodes)
{
    public bool Queued => State is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "REQUEUED" or "RESIZING" or "SUSPENDED";
}
