using XrayController.Core.Diagnostics;

namespace XrayController.Host.Cli;

/// <summary>The service's token, kept in a file (first line) rather than on the command line, where other users could read it.</summary>
internal static class TokenFile
{
    public static string Read(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim() ?? string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the token file {path}: {e.Message}", e);
        }
    }
}
