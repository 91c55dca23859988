namespace XrayController.Pipelines.Cluster;

/// <summary>The batch scripts of a cluster job: each runs this program with a step's arguments and records how it ended.</summary>
internal static class BatchScript
{
    /// <summary>
    /// A batch script that runs xrayctl with the task's arguments, its threads limited to the CPUs Slurm gave it, and
    /// records its exit status in <c>tasks/</c> however the program ended.
    /// </summary>
    public static string Write(string directory, string name, string what, IReadOnlyList<string> executable, IReadOnlyList<string> arguments, string? taskArgument, string exitFile)
    {
        string command = string.Join(' ', executable.Concat(arguments).Select(Quote)) + (taskArgument is null ? string.Empty : " " + taskArgument);
        string script = $"""
            #!/bin/bash
            # Written by xrayctl recon --slurm: {what} of the job in this folder.
            export DOTNET_PROCESSOR_COUNT="${"{"}SLURM_CPUS_PER_TASK:-1{"}"}"
            {command}
            status=$?
            echo "$status" > {Quote(Path.Combine(directory, "tasks"))}/{exitFile}
            exit "$status"

            """;
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, script.ReplaceLineEndings("\n"));
        return path;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
