using Microsoft.Extensions.Options;
using XrayController.Core.Diagnostics;

namespace XrayController.Host.Cli;

/// <summary>Runs a verb's body and turns what it throws into an exit code and one line on stderr.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (InputException e)
        {
            await error.WriteLineAsync($"xrayctl: {e.Message}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"xrayctl: invalid configuration: {string.Join("; ", e.Failures)}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("xrayctl: cancelled").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failure while running: one line for the user; the type says where to look.
            await error.WriteLineAsync($"xrayctl: failed: {e.Message} ({e.GetType().Name})").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
