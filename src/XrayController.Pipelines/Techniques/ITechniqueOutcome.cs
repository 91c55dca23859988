using System.Text.Json;

namespace XrayController.Pipelines.Techniques;

/// <summary>What a technique's job made after a scan: files, figures, comparisons; it writes its own section of the summary.</summary>
public interface ITechniqueOutcome
{
    /// <summary>
    /// A volume (<c>/exchange/recon</c> [z, y, x], or a spectral stack [energy, z, y, x] shown at its highest energy) whose
    /// slices the monitor shows once the scan is done, or null to keep the live reconstruction's.
    /// </summary>
    string? VolumeFile { get; }

    /// <summary>Its lines of the one-line-per-result summary.</summary>
    string Describe();

    /// <summary>Writes its section's value (an object) into the scan's JSON summary.</summary>
    void WriteJson(Utf8JsonWriter json);
}
