namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// How another program's detector is laid out against this program's, in which column numbers grow to the right and
/// row numbers downwards, seen from the source with the rotation axis up: its columns, its rows or both may run the
/// other way. Projections read from its files are turned into this program's layout (<see cref="Turn"/>).
/// </summary>
public sealed record DetectorAxes(bool ColumnsReversed, bool RowsReversed)
{
    public static DetectorAxes Standard { get; } = new(false, false);

    /// <summary>The first of <paramref name="count"/> file rows that hold this program's rows from <paramref name="firstRow"/> on, of a detector of <paramref name="rows"/>.</summary>
    public int FileFirstRow(int firstRow, int count, int rows) => RowsReversed ? rows - firstRow - count : firstRow;

    /// <summary>Turns frames read from the file ([frame][row][column], <paramref name="rows"/> × <paramref name="columns"/> each) into this program's layout, in place.</summary>
    public void Turn(Span<float> frames, int rows, int columns)
    {
        int frameSize = rows * columns;
        for (int start = 0; start + frameSize <= frames.Length; start += frameSize)
        {
            Span<float> frame = frames.Slice(start, frameSize);
            if (ColumnsReversed)
            {
                for (int r = 0; r < rows; r++)
                {
                    frame.Slice(r * columns, columns).Reverse();
                }
            }

            for (int r = 0; RowsReversed && r < rows / 2; r++)
            {
                Span<float> top = frame.Slice(r * columns, columns);
                Span<float> bottom = frame.Slice((rows - 1 - r) * columns, columns);
                for (int c = 0; c < columns; c++)
                {
                    (top[c], bottom[c]) = (bottom[c], top[c]);
                }
            }
        }
    }
}
