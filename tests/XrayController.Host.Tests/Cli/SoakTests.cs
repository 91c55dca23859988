using System.Text.Json;

namespace XrayController.Host.Tests.Cli;

/// <summary>A short soak through the command line: random faults, every frame once in the file, no safety breach.</summary>
public sealed class SoakTests
{
    [Fact]
    public async Task A_short_soak_with_random_faults_keeps_every_frame_once_and_breaks_no_safety_rule()
    {
        CliRun run = await CliRun.RunAsync("bench", "soak", "--frames", "1500", "--faults-per-1000", "8", "--seed", "3", "--json");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement r = json.RootElement;
        Assert.Equal("completed", r.GetProperty("status").GetString());
        Assert.Equal(1500, r.GetProperty("frames_planned").GetInt32());
        Assert.Equal(1500, r.GetProperty("frames_in_file").GetInt32());
        Assert.Equal(0, r.GetProperty("frames_missing").GetInt32());
        Assert.Equal(0, r.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, r.GetProperty("safety_violations").GetInt32());
        Assert.InRange(r.GetProperty("faults_injected").GetInt32(), 4, 100);
        Assert.Equal(r.GetProperty("faults_injected").GetInt32(), r.GetProperty("faults_survived").GetInt32());
        Assert.True(r.GetProperty("pauses").GetInt32() >= r.GetProperty("faults_injected").GetInt32() - r.GetProperty("faults_by_kind").GetProperty("pause").GetInt32());
    }

    [Fact]
    public async Task A_soak_refuses_an_instrument_without_the_parts_it_exercises()
    {
        CliRun run = await CliRun.RunAsync("bench", "soak", "--frames", "200", "--instrument", "demo");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("safety lines, a beam monitor and an environment sensor", run.Error, StringComparison.Ordinal);
    }
}
