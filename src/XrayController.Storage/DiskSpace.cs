namespace XrayController.Storage;

/// <summary>Free space where files are to be written.</summary>
public static class DiskSpace
{
    /// <summary>Free bytes on the file system that holds <paramref name="directory"/> (or its nearest existing ancestor); null if unknown.</summary>
    public static long? FreeBytes(string directory)
    {
        for (DirectoryInfo? d = new(Path.GetFullPath(directory)); d is not null; d = d.Parent)
        {
            if (d.Exists)
            {
                try
                {
                    return new DriveInfo(d.FullName).AvailableFreeSpace;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    return null;
                }
            }
        }

        return null;
    }
}
