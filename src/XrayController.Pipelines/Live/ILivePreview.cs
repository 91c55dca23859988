using XrayController.Reconstruction.Incremental;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Live;

/// <summary>
/// A technique's live view of a frame stream: it takes the frames one at a time on the reconstruction thread, shows
/// what it has at least twice a second, and completes the series when the stream ends.
/// </summary>
public interface ILivePreview
{
    /// <summary>Projections in the view so far (for a technique with several views, the one shown).</summary>
    int ProjectionsReconstructed { get; }

    /// <summary>Whether <see cref="Move"/> moves the slices shown.</summary>
    bool CanMove { get; }

    /// <param name="pixels">The frame's pixels, a copy the preview may keep.</param>
    void Feed(BufferedFrame frame, float[] pixels);

    /// <summary>Moves the three slices shown to (z, y, x); only when <see cref="CanMove"/>.</summary>
    void Move(int z, int y, int x);

    /// <summary>Hands the current view to whoever shows it.</summary>
    void Publish(ILivePreviewListener listener, StreamCounters counters);

    /// <summary>After the last frame: writes the volume when the technique makes one live, and says how the series ended.</summary>
    LiveCompletion Complete(LiveEnd end, CancellationToken cancellationToken);
}

/// <summary>Who shows a live view: three orthogonal slices, or the per-energy view of a spectral series.</summary>
public interface ILivePreviewListener
{
    void ShowSlices(PreviewSlices slices, StreamCounters counters);

    void ShowSpectral(SpectralPreview preview, StreamCounters counters);
}

/// <summary>
/// How the stream ended: the frames the preview took (by sequence number), how many the series had, and whoever shows
/// the view with the stream's final counts (for a last view holding every frame).
/// </summary>
public sealed record LiveEnd(IReadOnlySet<long> ProcessedSeqs, int FrameCount, ILivePreviewListener Listener, StreamCounters Counters);

/// <summary>How a live reconstruction ended: its volume file (or none), in words how it was made, the seconds that took, and what the technique adds to the summary.</summary>
public sealed record LiveCompletion(string? OutputPath, string Outcome, double Seconds, LiveDetails? Details = null);

/// <summary>
/// What a technique adds to the live summary: the value under its key in the JSON (<see cref="Techniques.ITechnique.LiveSummaryKey"/>),
/// words after the count of projections reconstructed, and a line of its own.
/// </summary>
public sealed record LiveDetails(object? Json, string ProjectionsNote = "", string? Line = null);

/// <summary>A technique's part of a live result: its key, and its details when the series was of its kind.</summary>
public sealed record LiveSection(string Key, LiveDetails? Details);
