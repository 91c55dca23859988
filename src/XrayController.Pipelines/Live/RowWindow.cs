using XrayController.Core.Diagnostics;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Pipelines.Live;

/// <summary>
/// The detector rows a live slab worker reconstructs (<c>xrayctl live --rows A:B</c>), cut from each whole frame it
/// receives: zingers are removed with the rows just outside the window as neighbours, as the whole frame has them,
/// and only the window's rows are kept. The window starts on an even row and ends on one (or at the frame's last),
/// so its rows pair for filtering as the whole frame's do; its slices are then those of the whole frame's volume.
/// </summary>
public sealed class RowWindow
{
    private readonly int _frameRows;
    private readonly int _columns;
    private readonly bool _zingerRemoval;

    private RowWindow(int first, int end, int frameRows, int columns, bool zingerRemoval)
    {
        (First, End, _frameRows, _columns, _zingerRemoval) = (first, end, frameRows, columns, zingerRemoval);
    }

    public int First { get; }

    public int End { get; }

    public int Rows => End - First;

    /// <summary>The window a series' request asks for, checked against its frames; null when it asks for every row.</summary>
    public static RowWindow? For(LiveSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Request.Rows is not { } rows)
        {
            return null;
        }

        int frameRows = series.Start.Rows;
        if (rows.First < 0 || rows.End > frameRows || rows.First >= rows.End)
        {
            throw new InputException($"--rows {rows.First}:{rows.End} lies outside the series' rows 0:{frameRows}");
        }

        if (rows.First % 2 != 0 || (rows.End % 2 != 0 && rows.End != frameRows))
        {
            throw new InputException($"--rows {rows.First}:{rows.End}: rows are filtered in pairs, so a worker's rows start on an even row and end on one (or at the last, {frameRows})");
        }

        return new RowWindow(rows.First, rows.End, frameRows, series.Start.Columns, series.Request.ZingerRemoval);
    }

    /// <summary>Refuses a row window for a series reconstructed whole (<paramref name="kind"/>: "a cone-beam series" …).</summary>
    public static void Refuse(LiveSeries series, string kind)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Request.Rows is not null)
        {
            throw new InputException($"--rows: {kind} is reconstructed whole; slab workers take parallel-beam tomograms, whose detector rows are independent");
        }
    }

    /// <summary>The window's rows of a whole frame (raw counts), zingers removed from flats and projections (<paramref name="imageKey"/> 1 and 0) as in the whole frame.</summary>
    public float[] Cut(ReadOnlySpan<float> frame, int imageKey)
    {
        int haloFirst = Math.Max(0, First - 1);
        int haloEnd = Math.Min(_frameRows, End + 1);
        float[] block = frame[(haloFirst * _columns)..(haloEnd * _columns)].ToArray();
        if (_zingerRemoval && imageKey != 2)
        {
            ZingerRemoval.Remove(block, haloEnd - haloFirst, _columns, First - haloFirst, Rows);
        }

        return block[((First - haloFirst) * _columns)..((End - haloFirst) * _columns)];
    }
}
