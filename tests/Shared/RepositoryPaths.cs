namespace XrayController.Tests.Shared;

/// <summary>Finds files of the repository (presets, profiles) from a test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Plan(string name) => Path.Combine(Root, "plans", name);

    public static string Instrument(string name) => Path.Combine(Root, "instruments", name + ".json");

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "XrayController.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"XrayController.sln not found above {AppContext.BaseDirectory}");
    }
}
