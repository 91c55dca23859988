using XrayController.Pipelines.Live;
using XrayController.Reconstruction.Incremental;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Techniques.ParallelBeam;

/// <summary>
/// Live view of a parallel-beam tomogram: the incremental reconstructor with three preview slices that can be moved,
/// keeping the whole volume when it fits the memory budget; at the end the volume is completed by <see cref="LiveFinaliser"/>.
/// A slab worker's preview takes only its window's rows of each frame.
/// </summary>
internal sealed class ParallelLivePreview(IncrementalReconstructor reconstructor, LiveFinaliser finaliser, RowWindow? window) : ILivePreview
{
    public int ProjectionsReconstructed => reconstructor.ProjectionsAdded;

    public bool CanMove => true;

    public void Feed(BufferedFrame frame, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(frame);
        reconstructor.Feed(frame, window?.Cut(pixels, frame.ImageKey) ?? pixels);
    }

    public void Move(int z, int y, int x) => reconstructor.MovePreview(z, y, x);

    public void Publish(ILivePreviewListener listener, StreamCounters counters)
    {
        ArgumentNullException.ThrowIfNull(listener);
        listener.ShowSlices(reconstructor.Preview(), counters);
    }

    public LiveCompletion Complete(LiveEnd end, CancellationToken cancellationToken) => finaliser.Complete(reconstructor, end, cancellationToken);
}
