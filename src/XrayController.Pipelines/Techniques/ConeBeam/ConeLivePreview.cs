using XrayController.Pipelines.Live;
using XrayController.Reconstruction.Incremental;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// Live FDK of a cone-beam series, tile by tile: the incremental reconstructor corrects each projection and the cone
/// stage filters it and back-projects it into the tile's volume (or its three orthogonal slices when the tile does not fit
/// the memory budget). The stitched volume is made from the scan file at the end.
/// </summary>
internal sealed class ConeLivePreview(IncrementalReconstructor reconstructor, ConeLiveStage cone) : ILivePreview
{
    public int ProjectionsReconstructed => cone.ProjectionsAdded;

    /// <summary>The slices stay where they are: the tile's volume is filled as projections come.</summary>
    public bool CanMove => false;

    public void Feed(BufferedFrame frame, float[] pixels) => reconstructor.Feed(frame, pixels);

    public void Move(int z, int y, int x) => throw new InvalidOperationException("a cone-beam series' live slices do not move");

    public void Publish(ILivePreviewListener listener, StreamCounters counters)
    {
        ArgumentNullException.ThrowIfNull(listener);
        listener.ShowSlices(cone.Preview(), counters);
    }

    public LiveCompletion Complete(LiveEnd end, CancellationToken cancellationToken)
    {
        cone.Flush();
        return new LiveCompletion(null, "cone-beam previews", 0);
    }
}
