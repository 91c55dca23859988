using System.Globalization;
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
}
