using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Techniques;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// Reconstructs a tomography file offline: opens it once and hands it to the first technique that recognises it (see
/// <see cref="TechniqueList"/>). Input problems are <see cref="InputException"/>s naming the file and what is wrong.
/// </summary>
public sealed class OfflineReconstruction(TechniqueList techniques)
{
    public ReconstructionResult Run(ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using TomographyFile file = Open(request.InputPath);
        return techniques.ForFile(file, request).Reconstruct(file, request, cancellationToken);
    }

    public static string DefaultOutput(string input) =>
        Path.Combine(Path.GetDirectoryName(input) ?? ".", Path.GetFileNameWithoutExtension(input) + "_recon.h5");

    /// <summary>Opens a tomography file; a file that cannot be read as one is bad input.</summary>
    public static TomographyFile Open(string path)
    {
        try
        {
            return TomographyFileReader.Open(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException or FormatException or ArgumentException)
        {
            throw new InputException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>The file's name, once sure no slice range was asked of a scan that is reconstructed whole (<paramref name="kind"/>: "a spectral scan" …).</summary>
    internal static string RequireWhole(ReconstructionRequest request, string kind)
    {
        string name = Path.GetFileName(request.InputPath);
        return request.FirstSlice is null && request.EndSlice is null
            ? name
            : throw new InputException($"{name} is {kind}, reconstructed whole: --slices applies to single tomograms (one energy, distance and tile, parallel beam)");
    }

    /// <summary>Runs a geometry's validation; what it refuses is the file's fault.</summary>
    internal static void Check(Action validate, string name)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{name}: {e.Message}", e);
        }
    }
}
