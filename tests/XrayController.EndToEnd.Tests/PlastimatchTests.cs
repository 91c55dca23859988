using System.Text.Json;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// FDK cross-checked with plastimatch (Debian package <c>plastimatch</c>) through <c>xrayctl bench plastimatch</c>: the
/// same <c>plastimatch drr</c> projections of a 3D Shepp–Logan phantom reconstructed by both, each compared with the
/// phantom. Skipped where plastimatch is missing, except when XRAYCTL_REQUIRE_INTEROP=1 (as in CI), where that fails.
/// </summary>
public sealed class PlastimatchTests
{
    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, name)));

    [SkippableFact]
    public async Task Fdk_here_is_closer_to_the_phantom_than_plastimatch_fdk_on_the_same_projections()
    {
        bool available = OnPath("plastimatch");
        if (!available && Environment.GetEnvironmentVariable("XRAYCTL_REQUIRE_INTEROP") == "1")
        {
            Assert.Fail("plastimatch is not installed: apt-get install plastimatch");
        }

        Skip.IfNot(available, "plastimatch is not installed (apt-get install plastimatch)");

        ProcessRun run = await Xrayctl.RunAsync(TimeSpan.FromMinutes(3), "bench", "plastimatch", "--size", "128", "--projections", "180", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        JsonElement figures = JsonDocument.Parse(run.Output).RootElement;
        double ours = figures.GetProperty("rmse_per_mm").GetDouble();
        double theirs = figures.GetProperty("plastimatch_rmse_per_mm").GetDouble();
        Assert.True(ours <= 0.8 * theirs, figures.ToString());
    }
}
