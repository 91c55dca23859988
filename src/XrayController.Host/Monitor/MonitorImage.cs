using System.Runtime.InteropServices;

namespace XrayController.Host.Monitor;

/// <summary>
/// An image as the monitor page gets it: float values (the page applies window and level itself), binned by a whole
/// factor so that neither side exceeds <see cref="MaxSide"/>, and sent as little-endian float32 in base64.
/// </summary>
/// <param name="Bin">The binning factor: one value stands for Bin × Bin source pixels (the last ones may stand for fewer).</param>
public sealed record MonitorImage(int Rows, int Columns, int Bin, float[] Values)
{
    public const int MaxSide = 256;

    public string Base64 => Convert.ToBase64String(MemoryMarshal.AsBytes(Values.AsSpan()));

    public static MonitorImage Binned(ReadOnlySpan<float> source, int rows, int columns)
    {
        int bin = Math.Max(1, (Math.Max(rows, columns) + MaxSide - 1) / MaxSide);
        if (bin == 1)
        {
            return new MonitorImage(rows, columns, 1, source[..(rows * columns)].ToArray());
        }

        int outRows = (rows + bin - 1) / bin;
        int outColumns = (columns + bin - 1) / bin;
        float[] values = new float[outRows * outColumns];
        int[] counts = new int[outRows * outColumns];
        for (int r = 0; r < rows; r++)
        {
            int outRow = r / bin * outColumns;
            for (int c = 0; c < columns; c++)
            {
                values[outRow + (c / bin)] += source[(r * columns) + c];
                counts[outRow + (c / bin)]++;
            }
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] /= counts[i];
        }

        return new MonitorImage(outRows, outColumns, bin, values);
    }

    /// <summary>Rows of equal length (already binned) as one image, the first row on top.</summary>
    public static MonitorImage Stack(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows[0].Length;
        float[] values = new float[rows.Count * columns];
        for (int r = 0; r < rows.Count; r++)
        {
            rows[r].CopyTo(values, r * columns);
        }

        return new MonitorImage(rows.Count, columns, 1, values);
    }

    public static MonitorImage Binned(ReadOnlySpan<ushort> source, int rows, int columns)
    {
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = source[i];
        }

        return Binned(values, rows, columns);
    }
}
