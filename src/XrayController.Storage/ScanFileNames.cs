using System.Globalization;

namespace XrayController.Storage;

/// <summary>File names of scans: <c>&lt;plan name&gt;_&lt;UTC yyyyMMddTHHmmss&gt;.h5</c>.</summary>
public static class ScanFileNames
{
    public static string RawFile(string planName, DateTimeOffset startUtc) =>
        $"{planName}_{startUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}.h5";

    /// <summary>Where a scan file is written while the scan runs; renamed to the final name when complete.</summary>
    public static string Partial(string path) => path + ".partial";
}
