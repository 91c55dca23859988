using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage;

/// <summary>
/// What is known of every frame received, in acquisition order — its planned identity, encoder read-back, timestamp and
/// incident intensity, about 80 bytes a frame and never its pixels — kept until the file is completed: the per-frame log
/// of <c>/measurement/frames</c> and the per-kind arrays of <c>/exchange</c>.
/// </summary>
internal sealed class FrameLog
{
    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public FrameCounts Counts => new(CountOf(FrameKind.Projection), CountOf(FrameKind.Flat), CountOf(FrameKind.Dark));

    public void Add(FrameAcquired frame) => _entries.Add(new Entry(frame.Frame, frame.EncoderDeg, frame.TimestampS, frame.I0));

    public int CountOf(FrameKind kind) => _entries.Count(e => e.Frame.Kind == kind);

    public IEnumerable<FrameInfo> OfKind(FrameKind kind) => _entries.Where(e => e.Frame.Kind == kind).Select(e => e.Frame);

    public T[] Column<T>(Func<Entry, T> select) => [.. _entries.Select(select)];

    internal readonly record struct Entry(FrameInfo Frame, double EncoderDeg, double TimestampS, double I0);
}
