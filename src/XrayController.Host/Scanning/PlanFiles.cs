using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;

namespace XrayController.Host.Scanning;

/// <summary>Plan files as the verbs read them.</summary>
internal static class PlanFiles
{
    /// <summary>Reads and parses a plan file; a file that cannot be read is invalid input.</summary>
    public static PlanReadResult Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read plan file '{path}': {e.Message}", e);
        }

        return PlanReader.Read(text, path);
    }
}
