using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage;

/// <summary>
/// What is known of every frame received, in acquisition order, kept in memory (about 60 bytes a frame) until the file
/// is completed: the per-frame log of <c>/measurement/frames</c> and the per-kind arrays of <c>/exchange</c>.
/// </summary>
internal sealed class FrameLog
{
    private readonly List<FrameAcquired> _frames = [];

    public int Count => _frames.Count;

    public IReadOnlyList<FrameAcquired> Frames => _frames;

    public FrameCounts Counts => new(CountOf(FrameKind.Projection), CountOf(FrameKind.Flat), CountOf(FrameKind.Dark));

    public void Add(FrameAcquired frame) => _frames.Add(frame);

    public int CountOf(FrameKind kind) => _frames.Count(f => f.Frame.Kind == kind);

    public IEnumerable<FrameInfo> OfKind(FrameKind kind) => _frames.Where(f => f.Frame.Kind == kind).Select(f => f.Frame);

    public T[] Column<T>(Func<FrameAcquired, T> select) => [.. _frames.Select(select)];
}
