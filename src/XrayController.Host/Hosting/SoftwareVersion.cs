using System.Reflection;

namespace XrayController.Host.Hosting;

/// <summary>The version recorded in every file this program writes: the assembly version with the git commit the build came from.</summary>
public static class SoftwareVersion
{
    public static string Current { get; } =
        typeof(SoftwareVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
