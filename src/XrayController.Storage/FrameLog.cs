using XrayController.Core.Steps;

namespace XrayController.Storage;

/// <summary>
/// What is known of every frame received, in acquisition order — its planned identity, encoder read-back, timestamp and
/// incident intensity, about 80 bytes a frame and never its pixels — built from the journal when the file is completed:
/// the per-frame log of <c>/measurement/frames</c> and the per-kind arrays of <c>/exchange</c>. A frame taken again (same seq) replaces
/// the earlier one, which stays in the log marked replaced.
/// </summary>
internal sealed class FrameLog
{
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<long, int> _latest = [];

    /// <summary>Entries, replaced ones included.</summary>
    public int Count => _entries.Count;

    /// <summary>The log of a journal's frames, in the order they were received.</summary>
    public static FrameLog From(Journal.JournalContents journal)
    {
        var log = new FrameLog();
        foreach (Journal.JournalFrame frame in journal.Frames)
        {
            log.Add(frame.Frame, frame.EncoderDeg, frame.TimestampS, frame.I0, frame.TemperatureC);
        }

        return log;
    }

    public FrameCounts Counts => new(CountOf(FrameKind.Projection), CountOf(FrameKind.Flat), CountOf(FrameKind.Dark));

    public void Add(FrameInfo frame, double encoderDeg, double timestampS, double i0, double temperatureC)
    {
        if (_latest.TryGetValue(frame.Seq, out int earlier))
        {
            _entries[earlier] = _entries[earlier] with { Replaced = true };
        }

        _latest[frame.Seq] = _entries.Count;
        _entries.Add(new Entry(frame, encoderDeg, timestampS, i0, temperatureC, Replaced: false));
    }

    private int CountOf(FrameKind kind) => _latest.Values.Count(i => _entries[i].Frame.Kind == kind);

    /// <summary>The frames of one kind that count (the last of each seq), in plan order: the order of their slots in the stack.</summary>
    public IEnumerable<FrameInfo> OfKind(FrameKind kind) =>
        _latest.Values.Select(i => _entries[i].Frame).Where(f => f.Kind == kind).OrderBy(f => f.Seq);

    public T[] Column<T>(Func<Entry, T> select) => [.. _entries.Select(select)];

    internal readonly record struct Entry(FrameInfo Frame, double EncoderDeg, double TimestampS, double I0, double TemperatureC, bool Replaced);
}
