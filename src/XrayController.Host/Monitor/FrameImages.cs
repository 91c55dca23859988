using XrayController.Core.Scans;
using XrayController.Core.Steps;

namespace XrayController.Host.Monitor;

/// <summary>
/// The latest frame and the sinogram of the chosen detector row, as the page shows them, each with a version that
/// changes with it. The latest frame is kept by reference (each detector frame owns its pixels) and binned only when
/// an update asks for it, at most once per update rather than once per frame on the engine's path.
/// </summary>
internal sealed class FrameImages
{
    private readonly Lock _gate = new();
    private FrameAcquired? _last;
    private (MonitorImage Image, int Version)? _binned;
    private SinogramBuffer? _sinogram;
    private int _rows;
    private int _projectionVersion;
    private int _sinogramVersion;

    public (int Projection, int Sinogram) Versions
    {
        get
        {
            lock (_gate)
            {
                return (_projectionVersion, _sinogramVersion);
            }
        }
    }

    /// <summary>The latest frame, binned; its kind and sequence number.</summary>
    public (MonitorImage Image, string Kind, long Seq)? Projection
    {
        get
        {
            lock (_gate)
            {
                if (_last is not { } frame)
                {
                    return null;
                }

                if (_binned?.Version != _projectionVersion)
                {
                    _binned = (MonitorImage.Binned(frame.Image.Pixels.Span, frame.Image.Rows, frame.Image.Columns), _projectionVersion);
                }

                return (_binned.Value.Image, frame.Frame.Kind.ToString().ToLowerInvariant(), frame.Frame.Seq);
            }
        }
    }

    public (MonitorImage Image, int Row, IReadOnlyList<double> AnglesDeg)? Sinogram
    {
        get
        {
            lock (_gate)
            {
                return _sinogram is not { Count: > 0 } sinogram ? null : (sinogram.Image(), sinogram.Row, [.. sinogram.AnglesDeg]);
            }
        }
    }

    /// <summary>The scan started with frames of <paramref name="rows"/> rows: the sinogram of the middle row is shown first.</summary>
    public void Start(int rows)
    {
        lock (_gate)
        {
            _rows = rows;
            _sinogram = new SinogramBuffer(rows / 2);
        }
    }

    public void Add(FrameAcquired frame)
    {
        lock (_gate)
        {
            _last = frame;
            _projectionVersion++;
            if (frame.Frame.Kind == FrameKind.Projection && _sinogram is not null && _sinogram.Row < frame.Image.Rows)
            {
                _sinogram.Add(frame.Image.Pixels.Span, frame.Image.Columns, frame.Frame.AngleDeg);
                _sinogramVersion++;
            }
        }
    }

    /// <summary>Chooses the detector row whose sinogram is shown; it fills again from the next projection.</summary>
    public Refusal? ChooseSinogramRow(int row)
    {
        lock (_gate)
        {
            if (_sinogram is null)
            {
                return new Refusal(false, "the scan has not started");
            }

            if (row < 0 || row >= _rows)
            {
                return new Refusal(true, $"row {row} is not a detector row (0 to {_rows - 1})");
            }

            _sinogram = new SinogramBuffer(row);
            _sinogramVersion++;
            return null;
        }
    }
}
