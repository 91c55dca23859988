using System.Diagnostics;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>Runs the built <c>xrayctl</c> as its own process, as a user does.</summary>
internal static class Xrayctl
{
    /// <summary>The host's build output of the same configuration as this test assembly.</summary>
    private static string Dll
    {
        get
        {
            string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            string dll = Path.Combine(RepositoryPaths.Root, "src", "XrayController.Host", "bin", configuration, "net10.0", "xrayctl.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("xrayctl is not built", dll);
        }
    }

    public static Task<ProcessRun> RunAsync(params string[] arguments) => RunAsync(TimeSpan.FromMinutes(2), arguments);

    public static Task<ProcessRun> RunAsync(TimeSpan timeout, params string[] arguments) =>
        ProcessRun.RunAsync("dotnet", [Dll, .. arguments], timeout);

    /// <summary>Runs xrayctl with environment variables (NAME=value) set or replaced, as <c>env</c> does.</summary>
    public static Task<ProcessRun> RunWithAsync(IEnumerable<string> variables, TimeSpan timeout, params string[] arguments) =>
        ProcessRun.RunAsync("/usr/bin/env", [.. variables, Dotnet, Dll, .. arguments], timeout);

    /// <summary>The dotnet on the PATH, named in full (for a run whose PATH is replaced).</summary>
    private static string Dotnet =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("dotnet is not on the PATH");

    public static Process Start(params string[] arguments) => ProcessRun.Start("dotnet", [Dll, .. arguments]);
}
