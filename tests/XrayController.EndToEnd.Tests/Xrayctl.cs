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

    public static Process Start(params string[] arguments) => ProcessRun.Start("dotnet", [Dll, .. arguments]);
}
