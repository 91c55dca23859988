using XrayController.Core.Diagnostics;
using XrayController.Core.Plans;
using XrayController.Pipelines.Live;
using XrayController.Pipelines.Offline;
using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Pipelines.Tests;

/// <summary>A slab worker's rows cut from whole frames: zingers at the window's edges removed as in the whole frame, darks left as they are, bounds that do not pair refused.</summary>
public sealed class RowWindowTests
{
    private const int Rows = 16;
    private const int Columns = 12;

    private static LiveSeries Series((int, int) rows, bool zingerRemoval = true)
    {
        var start = new StreamStart("s1", "p", "parallel-ct", "i", true, 8, 8, 0, 0, Rows, Columns, "uint16", 1, 1, 1, 1, null, "parallel", null, null, [], [], [], [], "t");
        var request = new LiveRequest("tcp://127.0.0.1:1", null, null, false, ReconstructionFilter.Ramp, FlatMode.Preceding, RingRemoval.None, zingerRemoval, null, null, 1_000_000, 8, TimeSpan.FromSeconds(1)) { Rows = rows };
        return new LiveSeries(start, request, new LiveAxis(5.5, "given"), []);
    }

    /// <summary>
    /// Flat counts of about 1000 with zingers on the rows just inside and just outside rows 4–10, and a bright feature two
    /// rows tall across row 4's upper edge, which is no zinger in the whole frame (its pixel above is as bright).
    /// </summary>
    private static float[] Frame()
    {
        var random = new Random(7);
        float[] frame = [.. Enumerable.Range(0, Rows * Columns).Select(_ => 1000f + random.Next(-20, 20))];
        foreach ((int row, int column) in new[] { (3, 5), (4, 6), (9, 2), (10, 7), (3, 9), (4, 9) })
        {
            frame[(row * Columns) + column] = 9000;
        }

        return frame;
    }

    [Fact]
    public void A_windows_rows_are_the_whole_frames_rows_after_zinger_removal()
    {
        RowWindow window = RowWindow.For(Series((4, 10)))!;
        float[] whole = Frame();
        ZingerRemoval.Remove(whole, Rows, Columns);

        Assert.Equal(whole[(4 * Columns)..(10 * Columns)], window.Cut(Frame(), imageKey: 0));
        Assert.Equal(9000, window.Cut(Frame(), imageKey: 0)[9]);
        Assert.Equal(Frame()[(4 * Columns)..(10 * Columns)], window.Cut(Frame(), imageKey: 2));
        Assert.Equal(whole[(12 * Columns)..], RowWindow.For(Series((12, 16)))!.Cut(Frame(), imageKey: 1));
    }

    [Fact]
    public void Bounds_that_do_not_pair_or_lie_outside_the_frame_are_refused()
    {
        Assert.Contains("rows are filtered in pairs", Assert.Throws<InputException>(() => RowWindow.For(Series((3, 8)))).Message, StringComparison.Ordinal);
        Assert.Contains("rows are filtered in pairs", Assert.Throws<InputException>(() => RowWindow.For(Series((4, 9)))).Message, StringComparison.Ordinal);
        Assert.Contains("lies outside the series' rows 0:16", Assert.Throws<InputException>(() => RowWindow.For(Series((8, 18)))).Message, StringComparison.Ordinal);
        Assert.NotNull(RowWindow.For(Series((14, 16))));
        Assert.Contains("reconstructed whole", Assert.Throws<InputException>(() => RowWindow.Refuse(Series((0, 8)), "a cone-beam series")).Message, StringComparison.Ordinal);
    }
}
