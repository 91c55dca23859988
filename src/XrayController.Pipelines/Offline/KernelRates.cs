using System.Text.Json.Serialization;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// How fast this machine runs the reconstruction kernels, measured by <see cref="KernelCalibration"/> and kept by
/// <see cref="KernelRateCache"/>: corrected pixels per second, parallel-beam and cone-beam voxel updates per second
/// (filtering included), FDK's visits of a voxel column per second, the bytes of a spectral stack read per second
/// from its file, the XANES edge mapping's values per second (a
/// voxel at one energy) and its segmentation's voxels per second, the fragment analysis's voxels and the cell
/// inspection's line samples per second, and for each phase-retrieval kernel the seconds per
/// padded pixel per log₂ of the padded size.
/// </summary>
public sealed record KernelRates(
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("corrected_pixels_per_s")] double CorrectedPixelsPerSecond,
    [property: JsonPropertyName("parallel_updates_per_s")] double ParallelUpdatesPerSecond,
    [property: JsonPropertyName("cone_updates_per_s")] double ConeUpdatesPerSecond,
    [property: JsonPropertyName("cone_column_visits_per_s")] double ConeColumnVisitsPerSecond,
    [property: JsonPropertyName("stack_bytes_read_per_s")] double StackBytesReadPerSecond,
    [property: JsonPropertyName("edge_fit_values_per_s")] double EdgeFitValuesPerSecond,
    [property: JsonPropertyName("segmented_voxels_per_s")] double SegmentedVoxelsPerSecond,
    [property: JsonPropertyName("fragment_voxels_per_s")] double FragmentVoxelsPerSecond,
    [property: JsonPropertyName("cell_line_samples_per_s")] double CellLineSamplesPerSecond,
    [property: JsonPropertyName("phase_s_per_padded_pixel_log2")] IReadOnlyDictionary<string, double> PhaseSeconds)
{
    /// <summary>Whether every rate is a positive finite number (a cache file written by hand, or damaged, is not used).</summary>
    [JsonIgnore]
    public bool IsValid =>
        !string.IsNullOrEmpty(Machine)
        && new[] { CorrectedPixelsPerSecond, ParallelUpdatesPerSecond, ConeUpdatesPerSecond, ConeColumnVisitsPerSecond, StackBytesReadPerSecond, EdgeFitValuesPerSecond, SegmentedVoxelsPerSecond, FragmentVoxelsPerSecond, CellLineSamplesPerSecond }.Concat(PhaseSeconds?.Values ?? []).All(r => double.IsFinite(r) && r > 0)
        && PhaseSeconds is not null;

    /// <summary>The seconds <paramref name="work"/> takes at these rates; its phase kernel must have been calibrated.</summary>
    public double Seconds(ReconstructionWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        double seconds = (work.CorrectedPixels / CorrectedPixelsPerSecond) + (work.ParallelUpdates / ParallelUpdatesPerSecond) + (work.ConeUpdates / ConeUpdatesPerSecond) + (work.ConeColumnVisits / ConeColumnVisitsPerSecond)
            + (work.StackBytesRead / StackBytesReadPerSecond) + (work.EdgeFitValues / EdgeFitValuesPerSecond) + (work.SegmentedVoxels / SegmentedVoxelsPerSecond)
            + (work.FragmentVoxels / FragmentVoxelsPerSecond) + (work.CellLineSamples / CellLineSamplesPerSecond);
        if (work.Phase is { } phase)
        {
            double padded = (double)phase.PaddedRows * phase.PaddedColumns;
            seconds += phase.Retrievals * padded * Math.Log2(padded) * PhaseSeconds[phase.Kernel];
        }

        return seconds;
    }
}
