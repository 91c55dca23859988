using System.Globalization;
using System.Text.Json;
using XrayController.Storage.Journal;

namespace XrayController.Host.Output;

/// <summary>The line that says what a crashed scan's recovery put into its file (<c>xrayctl recover</c>, and a scan recovering its folder).</summary>
internal static class RecoveryText
{
    public static string Line(RecoveredScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        string torn = scan.DiscardedBytes == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; {scan.DiscardedBytes} bytes of a record cut short were left out");
        return string.Create(CultureInfo.InvariantCulture, $"recovered {scan.FilePath}: {scan.FramesInFile} of {scan.PlannedFrames} frames, {scan.Status.ToString().ToLowerInvariant()}{torn}");
    }

    /// <summary>
    /// <c>{ recovered: [{ file, journal, status, frames_in_file, frames_planned, discarded_bytes }], failed: [{ journal,
    /// problem }] }</c>.
    /// </summary>
    public static string Json(IEnumerable<RecoveredScan> recovered, IEnumerable<(string Journal, string Problem)> failed)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        ArgumentNullException.ThrowIfNull(failed);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["recovered"] = recovered.Select(s => new Dictionary<string, object>
            {
                ["file"] = s.FilePath,
                ["journal"] = s.JournalPath,
                ["status"] = s.Status.ToString().ToLowerInvariant(),
                ["frames_in_file"] = s.FramesInFile,
                ["frames_planned"] = s.PlannedFrames,
                ["discarded_bytes"] = s.DiscardedBytes,
            }).ToArray(),
            ["failed"] = failed.Select(f => new Dictionary<string, object> { ["journal"] = f.Journal, ["problem"] = f.Problem }).ToArray(),
        });
    }
}
