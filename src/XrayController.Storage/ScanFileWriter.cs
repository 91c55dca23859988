using System.Runtime.InteropServices;
using System.Threading.Channels;
using PureHDF;
using XrayController.Core.Instruments;
using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Storage;

/// <summary>
/// Writes a scan to one HDF5 file as its frames arrive. Frames are queued (a bounded queue: a slow disk slows the scan
/// rather than dropping frames) and written on a thread of their own into <c>NAME.h5.partial</c>. When the scan ends
/// with every planned frame, the file is completed and renamed to its final name; when it ends early, the frames acquired
/// are copied into a final file sized to them (PureHDF cannot shrink a dataset), marked with the status that ended it.
/// </summary>
public sealed class ScanFileWriter(string path, FrameCompression compression) : IScanSink, IAsyncDisposable
{
    private const int QueueCapacity = 16;

    private readonly Channel<FrameAcquired> _queue = Channel.CreateBounded<FrameAcquired>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private readonly FrameLog _log = new();
    private ScanStarted? _started;
    private ScanFileLayout? _layout;
    private H5NativeWriter? _writer;
    private Task _loop = Task.CompletedTask;

    public string Path { get; } = path;

    public ValueTask OnStartedAsync(ScanStarted started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        _started = started;
        _layout = ScanFileLayout.Create(started, started.Scan.Frames, compression);
        _writer = _layout.File.BeginWrite(ScanFileNames.Partial(Path));
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
        if (_started is null || _layout is null || _writer is null)
        {
            throw new InvalidOperationException("the scan never started");
        }

        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        bool complete = _log.Counts == _started.Scan.Frames;
        if (complete)
        {
            _layout.WriteSummary(_writer, _log, ended);
        }

        _writer.Dispose();
        _writer = null;
        string partial = ScanFileNames.Partial(Path);
        if (complete)
        {
            File.Move(partial, Path, overwrite: true);
        }
        else
        {
            ScanFileCompactor.Compact(partial, Path, _started, _log, ended, compression);
            File.Delete(partial);
        }
    }

    public ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _writer?.Dispose();
        _writer = null;
        return ValueTask.CompletedTask;
    }

    private async Task WriteQueuedFramesAsync()
    {
        var indexByKind = new Dictionary<FrameKind, int>();
        try
        {
            await foreach (FrameAcquired frame in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                CheckShape(frame);
                FrameKind kind = frame.Frame.Kind;
                int index = indexByKind.GetValueOrDefault(kind);
                _layout!.WriteFrame(_writer!, kind, index, PixelArray(frame.Image.Pixels));
                indexByKind[kind] = index + 1;
                _log.Add(frame);
            }
        }
        catch
        {
            _queue.Writer.TryComplete();
            throw;
        }
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
