using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace XrayController.Storage.Reading;

/// <summary>
/// An opened tomography file, either layout: Data Exchange (<c>/exchange/data</c>, <c>data_white</c>, <c>data_dark</c>,
/// <c>theta</c>) or NXtomo (one frame stack with <c>image_key</c> and <c>rotation_angle</c>). Frames are read a slab of
/// detector rows at a time, so memory depends on the slab, not the scan. Open with <see cref="TomographyFileReader"/>.
/// </summary>
public sealed class TomographyFile : TomographyScan, IDisposable
{
    private readonly NativeFile _file;
    private readonly IH5Dataset _projectionStack;
    private readonly IH5Dataset _flatStack;
    private readonly IH5Dataset? _darkStack;

    internal TomographyFile(
        NativeFile file,
        string layout,
        int rows,
        int columns,
        IReadOnlyList<FrameRecord> projections,
        IReadOnlyList<FrameRecord> flats,
        IReadOnlyList<FrameRecord> darks,
        (IH5Dataset Projections, IH5Dataset Flats, IH5Dataset? Darks) stacks,
        double? pixelSizeMm,
        double? recordedAxisPx)
        : base(file.Path ?? string.Empty, rows, columns, projections, flats, darks, pixelSizeMm, recordedAxisPx)
    {
        _file = file;
        (_projectionStack, _flatStack, _darkStack) = stacks;
        Layout = layout;
    }

    /// <summary><c>data-exchange</c> or <c>nxtomo</c>.</summary>
    public string Layout { get; }

    /// <summary>Reads rows <c>firstRow … firstRow + rowCount − 1</c> of every frame.</summary>
    public FrameSlab ReadRows(int firstRow, int rowCount) => ReadRows(firstRow, rowCount, Projections);

    /// <summary>Reads rows <c>firstRow … firstRow + rowCount − 1</c> of some projections (one tile's: the stack is read from the first of them to the last) and of every flat and dark.</summary>
    public FrameSlab ReadRows(int firstRow, int rowCount, IReadOnlyList<FrameRecord> projections)
    {
        if (firstRow < 0 || rowCount < 1 || firstRow + rowCount > Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), $"rows {firstRow}–{firstRow + rowCount - 1} are outside the detector's 0–{Rows - 1}");
        }

        return new FrameSlab(
            firstRow,
            rowCount,
            Read(_projectionStack, projections, firstRow, rowCount),
            Read(_flatStack, Flats, firstRow, rowCount),
            _darkStack is null ? [] : Read(_darkStack, Darks, firstRow, rowCount));
    }

    /// <summary>Reads whole projections (some of <see cref="TomographyScan.Projections"/>), [frame][row][column].</summary>
    public float[] ReadProjections(IReadOnlyList<FrameRecord> frames) => ReadFrames(_projectionStack, frames);

    /// <summary>Reads whole flats (some of <see cref="TomographyScan.Flats"/>).</summary>
    public float[] ReadFlats(IReadOnlyList<FrameRecord> frames) => ReadFrames(_flatStack, frames);

    /// <summary>Reads whole darks (some of <see cref="TomographyScan.Darks"/>).</summary>
    public float[] ReadDarks(IReadOnlyList<FrameRecord> frames) =>
        _darkStack is null ? new float[frames.Count * Rows * Columns] : ReadFrames(_darkStack, frames);

    /// <summary>Frames of one stack by their indices in it, every row.</summary>
    private float[] ReadFrames(IH5Dataset stack, IReadOnlyList<FrameRecord> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        return Read(stack, frames, 0, Rows);
    }

    /// <summary>Reads one projection, every row.</summary>
    public float[] ReadProjection(FrameRecord projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        var selection = new HyperslabSelection(rank: 3, starts: [(ulong)projection.Index, 0, 0], blocks: [1, (ulong)Rows, (ulong)Columns]);
        return ElementReader.ReadAsFloat(_projectionStack, selection, $"{System.IO.Path.GetFileName(Path)}: {_projectionStack.Name}");
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Rows of frames of one stack by their indices in it: one hyperslab from the first to the last, then picked out.</summary>
    private float[] Read(IH5Dataset stack, IReadOnlyList<FrameRecord> frames, int firstRow, int rowCount)
    {
        var result = new float[frames.Count * rowCount * Columns];
        if (frames.Count == 0)
        {
            return result;
        }

        int first = frames.Min(f => f.Index);
        int count = frames.Max(f => f.Index) - first + 1;
        var selection = new HyperslabSelection(rank: 3, starts: [(ulong)first, (ulong)firstRow, 0], blocks: [(ulong)count, (ulong)rowCount, (ulong)Columns]);
        float[] span = ElementReader.ReadAsFloat(stack, selection, $"{System.IO.Path.GetFileName(Path)}: {stack.Name}");
        if (frames.Count == count && frames.Select((f, i) => f.Index == first + i).All(same => same))
        {
            return span;
        }

        // NXtomo keeps every kind in one stack, and a tile's frames may have others between them: pick these out.
        int frameSize = rowCount * Columns;
        for (int i = 0; i < frames.Count; i++)
        {
            Array.Copy(span, (frames[i].Index - first) * frameSize, result, i * frameSize, frameSize);
        }

        return result;
    }
}
