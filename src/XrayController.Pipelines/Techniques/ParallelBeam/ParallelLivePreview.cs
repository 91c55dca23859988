using XrayController.Pipelines.Live;
using XrayController.Reconstruction.Incremental;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Techniques.ParallelBeam;

/// <summary>
/// Live view of a parallel-beam tomogram: the incremental reconstructor with three preview slices that can be moved,
/// keeping the whole volume when it fits the memory budget; at the end the volume is completed by <see cref="LiveFinaliser"/>.
/// </summary>
internal sealed class ParallelLivePreview(IncrementalReconstructor reconstructor, LiveFinaliser finaliser) : ILivePreview
{
    public int ProjectionsReconstructed => reconstructor.ProjectionsAdded;

    public bool CanMove => true;

    public void Feed(BufferedFrame frame, float[] pixels) => reconstructor.Feed(frame, pixels);

    public void Move(int z, int y, int x) => reconstructor.MovePreview(z, y, x);

    public void Publish(ILivePreviewListener listener, StreamCounters counters)
    {
        ArgumentNullException.ThrowIfNull(listener);
        listener.ShowSlices(reconstructor.Preview(), counters);
    }

    public LiveCompletion Complete(LiveEnd end, CancellationToken cancellationToken) => finaliser.Complete(reconstructor, end, cancellationToken);
}
