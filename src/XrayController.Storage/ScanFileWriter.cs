using System.Runtime.InteropServices;
using System.Threading.Channels;
using PureHDF;
using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;
using XrayController.Storage.Journal;

namespace XrayController.Storage;

/// <summary>
/// Writes a scan to one HDF5 file as its frames arrive. Frames are queued (a bounded queue: a slow disk slows the scan
/// rather than dropping frames) and, on a thread of their own, appended to the scan's journal (<c>NAME.h5.journal</c>,
/// durable against a killed process) and written into their planned slot of <c>NAME.h5.partial</c>. A scan that ends
/// with every planned frame, no retake and no pause is completed by renaming the partial file; any other end (early,
/// retaken frames, pauses) writes the final file from the journal, sized to what it holds. The journal is removed once
/// the final file exists; if the process dies first, <c>xrayctl recover</c> or <c>resume</c> starts from it. What the
/// writer keeps per frame in memory is one bit (seen or not) and its planned slot: the per-frame log is read back from the
/// journal at the end.
/// With <paramref name="resume"/>, the writer goes on with an interrupted scan: its journal is continued and the frames
/// already there are put in their slots first.
/// </summary>
public sealed class ScanFileWriter(string path, FrameCompression compression, JournalContents? resume = null) : IScanSink, IAsyncDisposable
{
    private const int QueueCapacity = 16;

    private readonly Channel<FrameAcquired> _queue = Channel.CreateBounded<FrameAcquired>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private readonly Dictionary<FrameKind, int> _kept = [];
    private int[] _slots = [];
    private System.Collections.BitArray _seen = new(0);
    private int _replaced;
    private ScanStarted? _started;
    private ScanFileLayout? _layout;
    private H5NativeWriter? _writer;
    private FrameJournalWriter? _journal;
    private Task _loop = Task.CompletedTask;

    public string Path { get; } = path;

    public string JournalPath => Path + ".journal";

    public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        _started = started;
        CompiledScan scan = started.Scan;
        AssignSlots(scan);
        _layout = ScanFileLayout.Create(started, scan.Frames, compression, scan.Frames.Total, pauses: 0);
        _writer = _layout.File.BeginWrite(ScanFileNames.Partial(Path));
        if (resume is null)
        {
            _journal = FrameJournalWriter.Create(JournalPath, Header(started));
        }
        else
        {
            _journal = FrameJournalWriter.Continue(resume);
            WriteJournalled(resume);
        }

        _loop = Task.Run(WriteQueuedFramesAsync, CancellationToken.None);
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnFrameAsync(FrameAcquired frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!await _queue.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false) || !_queue.Writer.TryWrite(frame))
        {
            await _loop.ConfigureAwait(false);
            throw new InvalidOperationException("the scan file writer has stopped");
        }
    }

    public async ValueTask OnEndedAsync(ScanEnded ended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ended);
        if (_started is null || _layout is null || _writer is null || _journal is null)
        {
            throw new InvalidOperationException("the scan never started");
        }

        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        foreach (ScanPause pause in ended.Pauses)
        {
            _journal.AppendPause(pause);
        }

        _journal.AppendEnd(new JournalEnd(ended.Status.ToString().ToLowerInvariant(), ended.Reason ?? string.Empty, ended.ElapsedS, ended.EndTime));
        _journal.Dispose();
        string partial = ScanFileNames.Partial(Path);
        IReadOnlyList<ScanPause> earlierPauses = resume?.Pauses ?? [];
        var kept = new FrameCounts(_kept.GetValueOrDefault(FrameKind.Projection), _kept.GetValueOrDefault(FrameKind.Flat), _kept.GetValueOrDefault(FrameKind.Dark));
        if (kept == _started.Scan.Frames && _replaced == 0 && ended.Pauses.Count == 0 && earlierPauses.Count == 0)
        {
            // The per-frame log is read back from the journal (its metadata only): nothing per frame is held in memory.
            _layout.WriteSummary(_writer, FrameLog.From(FrameJournalReader.Read(JournalPath, verifyPixels: false)), ended);
            _writer.Dispose();
            _writer = null;
            File.Move(partial, Path, overwrite: true);
        }
        else
        {
            _writer.Dispose();
            _writer = null;
            File.Delete(partial);
            JournalContents journal = FrameJournalReader.Read(JournalPath);
            ScanEnded whole = ended with { Pauses = [.. earlierPauses, .. ended.Pauses], Retakes = _replaced };
            JournalFileBuilder.Build(journal, _started, whole, compression, Path);
        }

        File.Delete(JournalPath);
    }

    public ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _writer?.Dispose();
        _writer = null;
        _journal?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>What the journal needs to rebuild the file on its own.</summary>
    private JournalHeader Header(ScanStarted started)
    {
        ScanProvenance p = started.Provenance;
        return new JournalHeader(
            started.SeriesId,
            started.StartTime,
            p.SoftwareVersion,
            p.PlanSource,
            p.PlanText,
            p.ProfileSource,
            p.ProfileText,
            p.Simulated,
            p.TrueRotationAxisPx,
            System.IO.Path.GetFullPath(Path),
            started.Scan.FrameRows,
            started.Scan.FrameColumns,
            started.Scan.Frames.Total,
            p.FaultsFile?.Source,
            p.FaultsFile?.Text)
        {
            AxesAtStartMm = started.AxesAtStartMm,
        };
    }

    /// <summary>Each planned frame's place in its kind's stack (the order of the plan), indexed by seq.</summary>
    private void AssignSlots(CompiledScan scan)
    {
        _slots = new int[scan.Frames.Total];
        _seen = new System.Collections.BitArray(scan.Frames.Total);
        var next = new Dictionary<FrameKind, int>();
        foreach (FrameInfo frame in scan.PlannedFrames())
        {
            int index = next.GetValueOrDefault(frame.Kind);
            _slots[checked((int)frame.Seq)] = index;
            next[frame.Kind] = index + 1;
        }
    }

    private void WriteJournalled(JournalContents journal)
    {
        var latest = new Dictionary<long, JournalFrame>();
        foreach (JournalFrame frame in journal.Frames)
        {
            Count(frame.Frame);
            latest[frame.Frame.Seq] = frame;
        }

        using var pixels = new FileStream(journal.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        foreach (JournalFrame frame in latest.Values)
        {
            _layout!.WriteFrame(_writer!, frame.Frame.Kind, Slot(frame.Frame), FrameJournalReader.ReadPixels(pixels, journal.Header, frame));
        }
    }

    private async Task WriteQueuedFramesAsync()
    {
        try
        {
            await foreach (FrameAcquired frame in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                CheckShape(frame);
                int slot = Slot(frame.Frame);
                _journal!.AppendFrame(frame);
                if (Count(frame.Frame))
                {
                    _layout!.WriteFrame(_writer!, frame.Frame.Kind, slot, PixelArray(frame.Image.Pixels));
                }
            }
        }
        catch
        {
            _queue.Writer.TryComplete();
            throw;
        }
    }

    private int Slot(FrameInfo frame) =>
        frame.Seq >= 0 && frame.Seq < _slots.Length
            ? _slots[frame.Seq]
            : throw new InvalidDataException($"frame seq {frame.Seq} is not a frame of this scan's plan");

    /// <summary>Notes a frame received; true the first time its seq is seen, false for a retake (counted as a replacement).</summary>
    private bool Count(FrameInfo frame)
    {
        int seq = (int)frame.Seq;
        if (_seen[seq])
        {
            _replaced++;
            return false;
        }

        _seen[seq] = true;
        _kept[frame.Kind] = _kept.GetValueOrDefault(frame.Kind) + 1;
        return true;
    }

    private void CheckShape(FrameAcquired frame)
    {
        CompiledScan scan = _started!.Scan;
        if (frame.Image.Rows != scan.FrameRows || frame.Image.Columns != scan.FrameColumns || frame.Image.Pixels.Length != scan.FrameRows * scan.FrameColumns)
        {
            throw new InvalidDataException($"frame seq {frame.Frame.Seq} is {frame.Image.Rows} x {frame.Image.Columns}; the scan's frames are {scan.FrameRows} x {scan.FrameColumns}");
        }
    }

    private static ushort[] PixelArray(ReadOnlyMemory<ushort> pixels) =>
        MemoryMarshal.TryGetArray(pixels, out ArraySegment<ushort> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : pixels.ToArray();
}
