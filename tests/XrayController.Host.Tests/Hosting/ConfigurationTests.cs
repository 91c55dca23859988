using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XrayController.Core.Diagnostics;
using XrayController.Host.Hosting;
using XrayController.Host.Tests.Cli;
using XrayController.Tests.Shared;

namespace XrayController.Host.Tests.Hosting;

/// <summary>
/// Where the settings come from (--config, else the working directory's file, else the system's; the environment over
/// them), the Logging section honoured, and bad settings as one line naming the key with exit 2.
/// </summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_given_file_comes_first_then_the_working_directorys_then_the_systems()
    {
        string given = Write("given.json", "{}");
        string working = Directory.CreateDirectory(Path.Combine(_directory, "work")).FullName;
        string system = Path.Combine(_directory, "etc-appsettings.json");

        Assert.Null(XrayctlConfiguration.Resolve(null, working, system));
        File.WriteAllText(system, "{}");
        Assert.Equal(system, XrayctlConfiguration.Resolve(null, working, system));
        string local = Path.Combine(working, XrayctlConfiguration.FileName);
        File.WriteAllText(local, "{}");
        Assert.Equal(local, XrayctlConfiguration.Resolve(null, working, system));
        Assert.Equal(given, XrayctlConfiguration.Resolve(given, working, system));
        var missing = Assert.Throws<InputException>(() => XrayctlConfiguration.Resolve(Path.Combine(_directory, "none.json"), working, system));
        Assert.EndsWith("none.json: no such file", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_sets_the_controller_and_the_log_levels()
    {
        string file = Write("settings.json", $$"""{ "XrayController": { "OutputDirectory": "{{_directory}}/data" }, "Logging": { "LogLevel": { "Default": "Information" } } }""");
        string quiet = Write("quiet.json", "{}");
        try
        {
            XrayctlConfiguration.ConfigFile = file;
            using (IHost host = XrayctlHost.Build())
            {
                Assert.Equal($"{_directory}/data", host.Services.GetRequiredService<IOptions<XrayControllerOptions>>().Value.OutputDirectory);
                Assert.True(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("xrayctl").IsEnabled(LogLevel.Information));
            }

            XrayctlConfiguration.ConfigFile = quiet;
            using IHost defaults = XrayctlHost.Build();
            Assert.Equal("out", defaults.Services.GetRequiredService<IOptions<XrayControllerOptions>>().Value.OutputDirectory);
            Assert.False(defaults.Services.GetRequiredService<ILoggerFactory>().CreateLogger("xrayctl").IsEnabled(LogLevel.Information));
        }
        finally
        {
            XrayctlConfiguration.ConfigFile = null;
        }
    }

    [Theory]
    [InlineData("""{ "XrayController": { "StreamHighWatermark": "abc" } }""", "'XrayController:StreamHighWatermark'")]
    [InlineData("""{ "XrayController": { "StreamHighWatermak": 5 } }""", "unknown setting XrayController:StreamHighWatermak; did you mean XrayController:StreamHighWatermark?")]
    [InlineData("""{ "XrayController": { "Colour": "red" } }""", "the settings are InstrumentDirectories, OutputDirectory, StreamEndpoint, StreamHighWatermark")]
    [InlineData("""{ "XrayController": { "StreamHighWatermark": 0 } }""", "XrayController:StreamHighWatermark: The field StreamHighWatermark must be between 1 and 1000000")]
    [InlineData("{ oops", "not valid settings JSON")]
    public async Task A_bad_setting_is_one_line_naming_it_and_exit_2(string settings, string named)
    {
        CliRun run = await CliRun.RunAsync("plan", "check", RepositoryPaths.Plan("demo-parallel.yaml"), "--config", Write("bad.json", settings));

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("xrayctl: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_file_that_is_not_there_is_named()
    {
        CliRun run = await CliRun.RunAsync("plan", "check", RepositoryPaths.Plan("demo-parallel.yaml"), "--config", Path.Combine(_directory, "missing.json"));

        Assert.Equal((2, $"xrayctl: --config {Path.Combine(_directory, "missing.json")}: no such file"), (run.ExitCode, run.Error.Trim()));
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
