using Microsoft.Playwright;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium (apt-get install chromium), driven by Playwright's bundled driver with nothing downloaded. Tests
/// that need it are skipped where it is missing, except when XRAYCTL_REQUIRE_INTEROP=1 (as in CI), where that fails.
/// </summary>
internal static class Browser
{
    public const string Chromium = "/usr/bin/chromium";

    public static Task RequireAsync()
    {
        if (!File.Exists(Chromium) && Environment.GetEnvironmentVariable("XRAYCTL_REQUIRE_INTEROP") == "1")
        {
            Assert.Fail($"{Chromium} is missing: apt-get install chromium");
        }

        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install chromium)");
        return Task.CompletedTask;
    }

    /// <summary>Headless, with the JavaScript heap measured exactly (performance.memory) and collectable on demand (gc()) for the memory checks.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--enable-precise-memory-info", "--js-flags=--expose-gc", "--no-sandbox", "--disable-gpu"],
        });
}
