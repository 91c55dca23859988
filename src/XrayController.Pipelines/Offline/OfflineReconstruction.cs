using System.Globalization;
using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Techniques;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// Reconstructs a tomography file offline: opens it once and hands it to the first technique that recognises it (see
/// <see cref="TechniqueList"/>). Input problems are <see cref="InputException"/>s naming the file and what is wrong.
/// </summary>
public sealed class OfflineReconstruction(TechniqueList techniques)
{
    /// <summary>Reconstructs the file, once sure its output fits the disk it goes to.</summary>
    public ReconstructionResult Run(ReconstructionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using TomographyFile file = Open(request.InputPath);
        ITechnique technique = techniques.ForFile(file, request);
        RequireRoom(technique.Estimate(file, request));
        return technique.Reconstruct(file, request, cancellationToken);
    }

    /// <summary>What reconstructing the file would take, without reconstructing it.</summary>
    public ReconstructionEstimate Estimate(ReconstructionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using TomographyFile file = Open(request.InputPath);
        return techniques.ForFile(file, request).Estimate(file, request);
    }

    /// <summary>Free bytes where the output goes (an output replaced counts as free), or null if unknown.</summary>
    public static long? FreeBytes(ReconstructionEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        string output = Path.GetFullPath(estimate.OutputPath);
        return DiskSpace.FreeBytes(Path.GetDirectoryName(output)!) is { } free
            ? free + (File.Exists(output) ? new FileInfo(output).Length : 0)
            : null;
    }

    private static void RequireRoom(ReconstructionEstimate estimate)
    {
        if (FreeBytes(estimate) is { } free && estimate.PeakDiskBytes > free)
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{estimate.OutputPath}: the reconstruction needs about {estimate.PeakDiskBytes / 1e9:0.###} GB of disk and its disk has {free / 1e9:0.###} GB free; free some space or give --out on a larger disk"));
        }
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
