using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// xrayctl's settings as a user meets them, xrayctl run as its own process: environment variables over the working
/// directory's appsettings.json, and a bad value from either as one line naming the key, exit 2, no stack trace.
/// </summary>
public sealed class SettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_bad_value_in_the_environment_is_one_line_naming_the_key()
    {
        ProcessRun run = await Xrayctl.RunWithAsync(["XRAYCTL_XrayController__StreamHighWatermark=abc"], TimeSpan.FromMinutes(1), "plan", "check", RepositoryPaths.Plan("demo-parallel.yaml"));

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'abc' at 'XrayController:StreamHighWatermark'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_working_directorys_settings_are_read_and_the_environment_overrides_them()
    {
        string fromFile = Path.Combine(_directory, "from-file");
        string fromEnvironment = Path.Combine(_directory, "from-environment");
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), $$"""{ "XrayController": { "OutputDirectory": "{{fromFile}}" } }""");
        string plan = RepositoryPaths.Plan("demo-parallel.yaml");

        ProcessRun file = await Xrayctl.RunWithAsync(["-C", _directory], TimeSpan.FromMinutes(1), "plan", "check", plan, "--json");
        ProcessRun environment = await Xrayctl.RunWithAsync(["-C", _directory, $"XRAYCTL_XrayController__OutputDirectory={fromEnvironment}"], TimeSpan.FromMinutes(1), "plan", "check", plan, "--json");
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"), """{ "XrayController": { "OutputDirectroy": "x" } }""");
        ProcessRun misspelt = await Xrayctl.RunWithAsync(["-C", _directory], TimeSpan.FromMinutes(1), "plan", "check", plan);

        Assert.True(file.ExitCode == 0, file.Error);
        Assert.Contains(fromFile, file.Output, StringComparison.Ordinal);
        Assert.True(environment.ExitCode == 0, environment.Error);
        Assert.Contains(fromEnvironment, environment.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(fromFile, environment.Output, StringComparison.Ordinal);
        Assert.Equal((2, "xrayctl: invalid configuration: unknown setting XrayController:OutputDirectroy; did you mean XrayController:OutputDirectory?"), (misspelt.ExitCode, misspelt.Error.Trim()));
    }
}
