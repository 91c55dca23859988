namespace XrayController.Acquisition.Planning;

/// <summary>The outcome of finding the instrument profile a plan names: its text and where it came from, or why it was not found.</summary>
public sealed record ProfileLookup(string Source, string? Text, string? Error)
{
    public static ProfileLookup Found(string source, string text) => new(source, text, null);

    public static ProfileLookup NotFound(string error) => new(string.Empty, null, error);
}
