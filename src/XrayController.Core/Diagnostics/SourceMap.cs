namespace XrayController.Core.Diagnostics;

/// <summary>
/// Where each field of a parsed document came from, by dotted field path, so that checks made after parsing
/// (limits against the instrument profile, disk space) can still point at the line that caused them.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);

    public void Record(string path, SourceLocation location) => _locations.TryAdd(path, location);

    /// <summary>The location of <paramref name="path"/>, or of its nearest recorded ancestor (a missing key points at its parent).</summary>
    public SourceLocation Find(string path)
    {
        for (string? current = path; current is not null; current = Parent(current))
        {
            if (_locations.TryGetValue(current, out SourceLocation location))
            {
                return location;
            }
        }

        return SourceLocation.None;
    }

    private static string? Parent(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
