using System.Text.Json;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// Debian's Python with the interop packages (python3-h5py, python3-zmq, python3-cbor2, python3-numpy). Tests that need
/// it are skipped where it is missing, except when XRAYCTL_REQUIRE_INTEROP=1 (as in CI), where a missing package fails.
/// </summary>
internal static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    public static async Task RequireAsync(params string[] modules)
    {
        bool available = File.Exists(Interpreter)
            && (await ProcessRun.RunAsync(Interpreter, ["-c", $"import {string.Join(", ", modules)}"], TimeSpan.FromMinutes(1))).ExitCode == 0;
        if (!available && Environment.GetEnvironmentVariable("XRAYCTL_REQUIRE_INTEROP") == "1")
        {
            Assert.Fail($"{Interpreter} lacks {string.Join(", ", modules)}: apt-get install python3-h5py python3-zmq python3-cbor2 python3-numpy");
        }

        Skip.IfNot(available, $"{Interpreter} with {string.Join(", ", modules)} is not installed (apt-get install python3-h5py python3-zmq python3-cbor2 python3-numpy)");
    }

    public static string Script(string name) => Path.Combine(RepositoryPaths.Root, "tests", "interop", name);

    /// <summary>Runs an interop script that prints a JSON report, and parses it.</summary>
    public static async Task<JsonElement> ReportAsync(string script, params string[] arguments)
    {
        ProcessRun run = await ProcessRun.RunAsync(Interpreter, [Script(script), .. arguments], TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"{script} failed: {run.Error}");
        return JsonDocument.Parse(run.Output).RootElement;
    }
}
