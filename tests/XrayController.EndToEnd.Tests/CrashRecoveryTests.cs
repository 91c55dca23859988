using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using XrayController.Tests.Shared;

namespace XrayController.EndToEnd.Tests;

/// <summary>
/// xrayctl killed with SIGKILL in the middle of the demo scan: <c>xrayctl recover</c> makes a valid file of every
/// frame it had journalled, marked interrupted, and <c>xrayctl resume</c> completes the same file; SIGTSTP and SIGCONT
/// pause and resume a running scan. h5py reads the files.
/// </summary>
public sealed partial class CrashRecoveryTests : IDisposable
{
    private const int DemoFrames = 210;
    private const long FrameRecordBytes = (128 * 128 * 2) + 101;

    private readonly string _directory = Directory.CreateTempSubdirectory("xrayctl-crash-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task A_killed_scan_is_recovered_with_every_journalled_frame_marked_interrupted()
    {
        await Python.RequireAsync("h5py", "numpy");
        string folder = Directory.CreateDirectory(Path.Combine(_directory, "recover")).FullName;
        await StartAndKillAsync(folder, frames: 60);

        ProcessRun recover = await Xrayctl.RunAsync("recover", folder);
        ProcessRun none = await Xrayctl.RunAsync("recover", folder, "--json");

        Assert.True(recover.ExitCode == 0, recover.Error);
        Match recovered = RecoveredLine().Match(recover.Output);
        Assert.True(recovered.Success, recover.Output);
        Assert.Equal((0, "{\"recovered\":[],\"failed\":[]}"), (none.ExitCode, none.Output.Trim()));
        int frames = int.Parse(recovered.Groups["frames"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(frames, 60, DemoFrames - 1);
        Assert.Empty(Directory.GetFiles(folder, "*.journal"));
        Assert.Empty(Directory.GetFiles(folder, "*.partial"));
        JsonElement report = await Python.ReportAsync("read_scan_file.py", recovered.Groups["file"].Value);
        Assert.Equal("interrupted", report.GetProperty("status").GetString());
        Assert.Contains("killed or crashed", report.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, frames), report.GetProperty("seq").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(frames, report.GetProperty("frame_sums_by_seq").EnumerateObject().Count());
        Assert.Equal(frames - 20, report.GetProperty("shapes").GetProperty("data")[0].GetInt32());
    }

    [SkippableFact]
    public async Task A_killed_scan_resumes_where_it_stopped_and_completes_the_same_file()
    {
        await Python.RequireAsync("h5py", "numpy");
        string folder = Directory.CreateDirectory(Path.Combine(_directory, "resume")).FullName;
        string journal = await StartAndKillAsync(folder, frames: 80);
        string file = journal[..^".journal".Length];

        ProcessRun resume = await Xrayctl.RunAsync("resume", folder, "--speed", "4", "--json");

        Assert.True(resume.ExitCode == 0, resume.Output + resume.Error);
        Assert.Contains($"{file}: completed after resuming from 'projection ", resume.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(journal));
        string stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(file));
        JsonElement kept = JsonDocument.Parse(await File.ReadAllTextAsync(stem + "_summary.json")).RootElement;
        Assert.Equal("completed", kept.GetProperty("status").GetString());
        Assert.InRange(kept.GetProperty("parallel").GetProperty("truth").GetProperty("relative_rmse").GetDouble(), 0, 0.085);
        JsonElement printed = JsonDocument.Parse(resume.Output).RootElement;
        Assert.Equal(("completed", $"{stem}_report.html"), (printed.GetProperty("status").GetString(), printed.GetProperty("files").GetProperty("report").GetString()));
        Assert.Contains("slice_xy.png", await File.ReadAllTextAsync(stem + "_report.html"), StringComparison.Ordinal);
        JsonElement report = await Python.ReportAsync("read_scan_file.py", file);
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal([180, 128, 128], report.GetProperty("shapes").GetProperty("data").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(Enumerable.Range(0, DemoFrames), report.GetProperty("frame_sums_by_seq").EnumerateObject().Select(p => int.Parse(p.Name, CultureInfo.InvariantCulture)).Order());
        Assert.Contains("crash", report.GetProperty("paused_by").EnumerateArray().Select(e => e.GetString()));
        Dictionary<int, long> sums = report.GetProperty("frame_sums_by_seq").EnumerateObject().ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetInt64());
        double dark = Enumerable.Range(0, 10).Average(s => sums[s]);
        double flat = Enumerable.Range(10, 10).Average(s => sums[s]);
        Assert.All(Enumerable.Range(20, 180), seq => Assert.InRange(sums[seq], dark * 2, flat));
    }

    [SkippableFact]
    public async Task Sigtstp_pauses_the_scan_with_no_frame_taken_and_sigcont_resumes_it_to_completion()
    {
        await Python.RequireAsync("h5py", "numpy");
        string folder = Directory.CreateDirectory(Path.Combine(_directory, "pause")).FullName;
        using Process scan = Xrayctl.Start("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", folder, "--live", "off", "--publish", "off", "--json");
        Task<string> output = scan.StandardOutput.ReadToEndAsync();
        Task<string> error = scan.StandardError.ReadToEndAsync();
        string journal = await WaitForJournalAsync(scan, folder, 40);

        await SignalAsync(scan, "-TSTP");
        await Task.Delay(1000);
        long paused = new FileInfo(journal).Length;
        await Task.Delay(1500);
        Assert.Equal(paused, new FileInfo(journal).Length);
        Assert.False(scan.HasExited);
        await SignalAsync(scan, "-CONT");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await scan.WaitForExitAsync(timeout.Token);

        Assert.True(scan.ExitCode == 0, await error);
        string file = JsonDocument.Parse(await output).RootElement.GetProperty("files").GetProperty("raw").GetString()!;
        JsonElement report = await Python.ReportAsync("read_scan_file.py", file);
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal(["user"], report.GetProperty("paused_by").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Enumerable.Range(0, DemoFrames), report.GetProperty("seq").EnumerateArray().Select(e => e.GetInt32()));
    }

    private static async Task SignalAsync(Process process, string signal)
    {
        ProcessRun kill = await ProcessRun.RunAsync("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Starts the demo scan, kills xrayctl (SIGKILL) once its journal holds the frames asked for, and returns the journal's path.</summary>
    private static async Task<string> StartAndKillAsync(string folder, int frames)
    {
        using Process scan = Xrayctl.Start("scan", RepositoryPaths.Plan("demo-parallel.yaml"), "--out", folder, "--live", "off", "--publish", "off");
        _ = scan.StandardOutput.ReadToEndAsync();
        _ = scan.StandardError.ReadToEndAsync();
        string journal = await WaitForJournalAsync(scan, folder, frames);
        scan.Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await scan.WaitForExitAsync(timeout.Token);
        Assert.Equal(137, scan.ExitCode);
        return journal;
    }

    /// <summary>Waits until the running scan's journal holds the frames asked for; returns its path.</summary>
    private static async Task<string> WaitForJournalAsync(Process scan, string folder, int frames)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? journal = null;
        while (journal is null || new FileInfo(journal).Length < frames * FrameRecordBytes)
        {
            Assert.False(scan.HasExited, "the scan ended too soon");
            await Task.Delay(20, timeout.Token);
            journal = Directory.GetFiles(folder, "*.h5.journal").SingleOrDefault();
        }

        return journal;
    }

    [GeneratedRegex(@"recovered (?<file>\S+\.h5): (?<frames>\d+) of 210 frames, interrupted")]
    private static partial Regex RecoveredLine();
}
