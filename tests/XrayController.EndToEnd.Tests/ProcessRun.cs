using System.Diagnostics;

namespace XrayController.EndToEnd.Tests;

/// <summary>The outcome of running a program to its end.</summary>
internal sealed record ProcessRun(int ExitCode, string Output, string Error)
{
    public static async Task<ProcessRun> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using Process process = Start(program, arguments);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return new ProcessRun(process.ExitCode, await output, await error);
    }

    public static Process Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = XrayController.Tests.Shared.RepositoryPaths.Root,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
    }
}
