using PureHDF;

namespace XrayController.Storage.Reading;

/// <summary>What a scan file says about how it was made (<c>/process</c>): the plan and instrument profile as written, the software and the start time.</summary>
public sealed record ScanOrigin(string? PlanFile, string? PlanText, string? ProfileFile, string? ProfileText, string? SoftwareVersion, string? StartTime);

/// <summary>Reads a scan file's <c>/process</c> attributes; a file from another program, which has none, gives null.</summary>
public static class ScanOriginReader
{
    public static ScanOrigin? TryRead(string path)
    {
        string name = Path.GetFileName(path);
        using var file = TomographyFileReader.Guard(name, () => H5File.OpenRead(path));
        return TomographyFileReader.Guard(name, () =>
        {
            if (!file.LinkExists("/process"))
            {
                return null;
            }

            IH5Group process = file.Group("/process");
            return new ScanOrigin(
                Text(process, "plan_file"),
                Text(process, "plan"),
                Text(process, "instrument_profile_file"),
                Text(process, "instrument_profile"),
                Text(process, "software_version"),
                Text(process, "start_time"));
        });
    }

    private static string? Text(IH5Group group, string attribute) => group.AttributeExists(attribute) ? group.Attribute(attribute).Read<string>() : null;
}
