using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace XrayController.Storage.Reading;

/// <summary>
/// An opened tomography file, either layout: Data Exchange (<c>/exchange/data</c>, <c>data_white</c>, <c>data_dark</c>,
/// <c>theta</c>) or NXtomo (one frame stack with <c>image_key</c> and <c>rotation_angle</c>). Frames are read a slab of
/// detector rows at a time, so memory depends on the slab, not the scan. Open with <see cref="TomographyFileReader"/>.
/// </summary>
public sealed class TomographyFile : IDisposable
{
    private readonly NativeFile _file;
    private readonly IReadOnlyList<(IH5Dataset Stack, IReadOnlyList<FrameRecord> Frames)> _sources;

    internal TomographyFile(
        NativeFile file,
        string layout,
        int rows,
        int columns,
        IReadOnlyList<FrameRecord> projections,
        IReadOnlyList<FrameRecord> flats,
        IReadOnlyList<FrameRecord> darks,
        IReadOnlyList<(IH5Dataset Stack, IReadOnlyList<FrameRecord> Frames)> sources,
        double? pixelSizeMm,
        double? recordedAxisPx)
    {
        _file = file;
        _sources = sources;
        Layout = layout;
        Rows = rows;
        Columns = columns;
        Projections = projections;
        Flats = flats;
        Darks = darks;
        PixelSizeMm = pixelSizeMm;
        RecordedAxisPx = recordedAxisPx;
    }

    public string Path => _file.Path ?? string.Empty;

    /// <summary><c>data-exchange</c> or <c>nxtomo</c>.</summary>
    public string Layout { get; }

    public int Rows { get; }

    public int Columns { get; }

    public IReadOnlyList<FrameRecord> Projections { get; }

    public IReadOnlyList<FrameRecord> Flats { get; }

    public IReadOnlyList<FrameRecord> Darks { get; }

    /// <summary>The pixel size at the sample, when the file gives it.</summary>
    public double? PixelSizeMm { get; }

    /// <summary>A rotation axis the file records (a simulated scan's true axis), in stored pixels.</summary>
    public double? RecordedAxisPx { get; }

    /// <summary>Reads rows <c>firstRow … firstRow + rowCount − 1</c> of every frame.</summary>
    public FrameSlab ReadRows(int firstRow, int rowCount)
    {
        if (firstRow < 0 || rowCount < 1 || firstRow + rowCount > Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), $"rows {firstRow}–{firstRow + rowCount - 1} are outside the detector's 0–{Rows - 1}");
        }

        return new FrameSlab(firstRow, rowCount, Read(Projections, firstRow, rowCount), Read(Flats, firstRow, rowCount), Read(Darks, firstRow, rowCount));
    }

    public void Dispose() => _file.Dispose();

    private float[] Read(IReadOnlyList<FrameRecord> frames, int firstRow, int rowCount)
    {
        var result = new float[frames.Count * rowCount * Columns];
        if (frames.Count == 0)
        {
            return result;
        }

        IH5Dataset stack = _sources.First(s => s.Frames.Contains(frames[0])).Stack;
        int stackCount = (int)stack.Space.Dimensions[0];
        var selection = new HyperslabSelection(rank: 3, starts: [0, (ulong)firstRow, 0], blocks: [(ulong)stackCount, (ulong)rowCount, (ulong)Columns]);
        float[] all = ElementReader.ReadAsFloat(stack, selection, $"{System.IO.Path.GetFileName(Path)}: {stack.Name}");
        if (frames.Count == stackCount && frames.Select((f, i) => f.Index == i).All(same => same))
        {
            return all;
        }

        // NXtomo keeps every kind in one stack: pick this kind's frames out of it.
        int frameSize = rowCount * Columns;
        for (int i = 0; i < frames.Count; i++)
        {
            Array.Copy(all, frames[i].Index * frameSize, result, i * frameSize, frameSize);
        }

        return result;
    }
}
