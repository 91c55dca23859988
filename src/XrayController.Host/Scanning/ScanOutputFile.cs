using XrayController.Core.Diagnostics;
using XrayController.Storage;

namespace XrayController.Host.Scanning;

/// <summary>
/// Chooses and checks where a scan writes, before anything is written: the folder is created and must be writable,
/// and an existing file of the same name is kept unless the user allows overwriting it.
/// </summary>
internal static class ScanOutputFile
{
    public static string Prepare(string directory, string planName, DateTimeOffset startUtc, bool overwrite)
    {
        try
        {
            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, $".xrayctl-write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write to the output folder '{directory}': {e.Message}", e);
        }

        string path = Path.Combine(directory, ScanFileNames.RawFile(planName, startUtc));
        if (!overwrite && (File.Exists(path) || File.Exists(ScanFileNames.Partial(path))))
        {
            throw new InputException($"'{path}' already exists; use --overwrite to replace it");
        }

        return path;
    }
}
