using XrayController.Core.Plans;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Host.Reconstruction;

/// <summary>What <c>xrayctl recon</c> was asked to do.</summary>
/// <param name="CenterPx">The rotation-axis column, or null to find it.</param>
/// <param name="FirstSlice">First detector row to reconstruct; null for all rows (with <paramref name="EndSlice"/>).</param>
/// <param name="EndSlice">One past the last row.</param>
public sealed record ReconstructionRequest(
    string InputPath,
    double? CenterPx,
    ReconstructionFilter Filter,
    int? FirstSlice,
    int? EndSlice,
    string? OutputPath,
    string? TiffDirectory,
    FlatMode Flats,
    RingRemoval RingRemoval,
    bool ZingerRemoval,
    long MemoryBudgetBytes);

/// <summary>Which stripe removal to apply to the sinograms before filtering.</summary>
public enum RingRemoval
{
    None,
    Sort,
    Mean,
}

/// <summary>What a reconstruction produced.</summary>
public sealed record ReconstructionResult(
    string OutputPath,
    int FirstSlice,
    int Slices,
    int Size,
    double CenterPx,
    string CenterSource,
    string Units,
    long FlooredPixels,
    long Zingers,
    double Seconds,
    string? TiffDirectory)
{
    /// <summary>How many energies the file held (one volume each); 1 for a single tomogram.</summary>
    public int Energies { get; init; } = 1;
}
