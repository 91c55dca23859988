using System.Reflection;

namespace XrayController.Host.Hosting;

/// <summary>How to start this program again, as it runs now: for cluster tasks and for benchmarks that time it as a user runs it.</summary>
internal static class ThisProgram
{
    /// <summary>The command that runs this program: the executable, or dotnet and its xrayctl.dll.</summary>
    public static string[] Command()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("the running program's path is unknown");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? [process, Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("the running assembly's path is unknown")]
            : [process];
    }
}
