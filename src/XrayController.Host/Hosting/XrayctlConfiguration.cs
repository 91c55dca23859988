using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using XrayController.Core.Diagnostics;
using XrayController.Core.Yaml;

namespace XrayController.Host.Hosting;

/// <summary>
/// Where xrayctl's settings come from, lowest first: one settings file — <c>--config FILE</c> when given, else
/// <c>./appsettings.json</c> in the working directory, else <c>/etc/xrayctl/appsettings.json</c> — then
/// <c>XRAYCTL_</c> environment variables over it. The settings are checked as they are read, so that a key the
/// <c>XrayController</c> section does not have (with the one it most likely meant) or a value that is not of its key's
/// type is one line naming the key, exit 2, before anything runs.
/// </summary>
public static class XrayctlConfiguration
{
    public const string EnvironmentPrefix = "XRAYCTL_";

    public const string FileName = "appsettings.json";

    public const string SystemFile = "/etc/xrayctl/" + FileName;

    private static readonly AsyncLocal<string?> Given = new();

    /// <summary>The settings file named by <c>--config</c> for this invocation (it flows with the invocation, so that in-process runs do not share it).</summary>
    public static string? ConfigFile
    {
        get => Given.Value;
        set => Given.Value = value;
    }

    /// <summary>The settings file read: <paramref name="given"/> (which must exist), else the first of the working directory's and the system's that exists; null for none.</summary>
    public static string? Resolve(string? given, string workingDirectory, string systemFile)
    {
        if (given is not null)
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new InputException($"--config {given}: no such file");
        }

        string local = Path.Combine(workingDirectory, FileName);
        return File.Exists(local) ? local : File.Exists(systemFile) ? systemFile : null;
    }

    /// <summary>Adds the settings file (<see cref="Resolve"/>) and the environment variables to <paramref name="configuration"/>, then checks the controller's section.</summary>
    public static void Add(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (Resolve(ConfigFile, Directory.GetCurrentDirectory(), SystemFile) is { } file)
        {
            try
            {
                configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
            }
            catch (InvalidDataException e)
            {
                throw new InputException($"{file}: not valid settings JSON: {e.Message}", e);
            }
        }

        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        Check(configuration.GetSection(XrayControllerOptions.Section));
    }

    /// <summary>Every key of the section names a setting, every value converts to its setting's type and lies in its range.</summary>
    public static void Check(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        string[] settings = [.. typeof(XrayControllerOptions).GetProperties().Select(p => p.Name)];
        foreach (IConfigurationSection key in section.GetChildren())
        {
            if (!settings.Contains(key.Key, StringComparer.OrdinalIgnoreCase))
            {
                string? meant = KeySuggestions.Closest(key.Key.ToLowerInvariant(), settings.Select(s => s.ToLowerInvariant()));
                string hint = meant is null ? $"the settings are {string.Join(", ", settings)}" : $"did you mean {section.Path}:{settings.First(s => s.Equals(meant, StringComparison.OrdinalIgnoreCase))}?";
                throw new InputException($"invalid configuration: unknown setting {key.Path}; {hint}");
            }
        }

        XrayControllerOptions options;
        try
        {
            options = section.Get<XrayControllerOptions>() ?? new XrayControllerOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new InputException($"invalid configuration: {e.Message}", e);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new InputException($"invalid configuration: {string.Join("; ", results.Select(r => $"{section.Path}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"))}");
        }
    }
}
