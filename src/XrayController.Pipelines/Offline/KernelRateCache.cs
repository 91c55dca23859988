using System.Text.Json;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// Keeps this machine's kernel rates in a JSON file (<c>~/.cache/xrayctl/kernel-rates.json</c> by default), so that an
/// estimate calibrates once per machine and software version. A file for another machine or version, or one that
/// cannot be read as rates, is measured again and replaced; a phase-retrieval kernel not yet timed is timed when first
/// needed and added.
/// </summary>
public sealed class KernelRateCache(string path, string softwareVersion)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Path { get; } = path;

    /// <summary>The default place: <c>$XDG_CACHE_HOME/xrayctl</c>, else <c>~/.cache/xrayctl</c>.</summary>
    public static string DefaultPath() => System.IO.Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "xrayctl",
        "kernel-rates.json");

    /// <summary>The rates <paramref name="work"/> needs; <paramref name="measured"/> tells whether any were measured now.</summary>
    public KernelRates RatesFor(ReconstructionWork work, out bool measured)
    {
        ArgumentNullException.ThrowIfNull(work);
        string machine = KernelCalibration.Machine(softwareVersion);
        KernelRates? rates = Load();
        measured = rates is null || rates.Machine != machine;
        if (measured)
        {
            rates = KernelCalibration.Measure(machine);
        }

        if (work.Phase is { } phase && !rates!.PhaseSeconds.ContainsKey(phase.Kernel))
        {
            rates = rates with { PhaseSeconds = new Dictionary<string, double>(rates.PhaseSeconds) { [phase.Kernel] = KernelCalibration.PhaseSeconds(phase) } };
            measured = true;
        }

        if (measured)
        {
            Save(rates!);
        }

        return rates!;
    }

    private KernelRates? Load()
    {
        try
        {
            KernelRates? rates = File.Exists(Path) ? JsonSerializer.Deserialize<KernelRates>(File.ReadAllText(Path), Json) : null;
            return rates is { IsValid: true } ? rates : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Written beside and moved into place; a cache that cannot be written only costs the next estimate a calibration.</summary>
    private void Save(KernelRates rates)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            string temporary = Path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(rates, Json));
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
    }
}
