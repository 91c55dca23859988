using Microsoft.Extensions.Options;
using XrayController.Acquisition.Planning;
using XrayController.Core.Diagnostics;
using XrayController.Core.Instruments;

namespace XrayController.Host.Hosting;

/// <summary>
/// Finds instrument profiles. A value ending in <c>.json</c> or holding a directory separator is a path (relative to
/// the plan's directory, then to the working directory); anything else is a name looked up as <c>NAME.json</c> in the
/// configured directories, <c>./instruments</c>, an <c>instruments</c> directory beside the plan or above it, and the
/// profiles shipped with xrayctl.
/// </summary>
public sealed class InstrumentCatalog(IOptions<XrayControllerOptions> options)
{
    public ProfileLookup Find(string nameOrPath, string? planDirectory)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || nameOrPath.Contains('/', StringComparison.Ordinal))
        {
            string[] candidates = Path.IsPathRooted(nameOrPath)
                ? [nameOrPath]
                : [.. new[] { planDirectory, Directory.GetCurrentDirectory() }.OfType<string>().Select(d => Path.GetFullPath(Path.Combine(d, nameOrPath)))];
            string? found = candidates.FirstOrDefault(File.Exists);
            return found is null
                ? ProfileLookup.NotFound($"instrument profile file '{nameOrPath}' not found (looked at {string.Join(", ", candidates.Distinct())})")
                : Read(found);
        }

        List<string> directories = SearchDirectories(planDirectory);
        string? path = directories.Select(d => Path.Combine(d, nameOrPath + ".json")).FirstOrDefault(File.Exists);
        if (path is not null)
        {
            return Read(path);
        }

        string[] known = [.. directories.SelectMany(d => Directory.EnumerateFiles(d, "*.json")).Select(Path.GetFileNameWithoutExtension).OfType<string>().Distinct().Order()];
        return ProfileLookup.NotFound($"no instrument profile named '{nameOrPath}'; known: {(known.Length == 0 ? "none" : string.Join(", ", known))}");
    }

    /// <summary>Finds and reads a profile; an <see cref="InputException"/> names what is missing or every error in it.</summary>
    public InstrumentProfile Load(string nameOrPath)
    {
        ProfileLookup lookup = Find(nameOrPath, planDirectory: null);
        if (lookup.Text is null)
        {
            throw new InputException(lookup.Error!);
        }

        InstrumentProfileReadResult read = InstrumentProfileReader.Read(lookup.Text, lookup.Source);
        return read.Succeeded
            ? read.Profile!
            : throw new InputException($"{lookup.Source} is not a valid instrument profile: {string.Join("; ", read.Diagnostics.Where(d => d.IsError))}");
    }

    private List<string> SearchDirectories(string? planDirectory)
    {
        var directories = new List<string>(options.Value.InstrumentDirectories);
        directories.Add(Path.Combine(Directory.GetCurrentDirectory(), "instruments"));
        for (DirectoryInfo? d = planDirectory is null ? null : new DirectoryInfo(planDirectory); d is not null; d = d.Parent)
        {
            directories.Add(Path.Combine(d.FullName, "instruments"));
        }

        directories.Add(Path.Combine(AppContext.BaseDirectory, "instruments"));
        return [.. directories.Select(Path.GetFullPath).Distinct().Where(Directory.Exists)];
    }

    private static ProfileLookup Read(string path) => ProfileLookup.Found(Path.GetRelativePath(Directory.GetCurrentDirectory(), path), File.ReadAllText(path));
}
