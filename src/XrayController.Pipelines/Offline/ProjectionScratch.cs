using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using XrayController.Core.Diagnostics;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// Projections made one at a time (retrieved phase, [angle][row][column] float32) kept in a scratch file beside the
/// output instead of memory, so that they can be read back as bands of rows for slab-by-slab back-projection, and the
/// sums of each row over every projection so far (which rows attenuate most). The file is deleted when disposed,
/// unless it is kept for other processes to read (a cluster job's parts, <see cref="Open"/>).
/// </summary>
internal sealed class ProjectionScratch : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly int _frame;

    /// <summary>A new file of <paramref name="projections"/> frames, deleted when disposed unless <paramref name="keep"/>.</summary>
    public ProjectionScratch(string path, int projections, int rows, int columns, bool keep = false)
        : this(path, projections, rows, columns, File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, keep ? FileOptions.None : FileOptions.DeleteOnClose, (long)projections * rows * columns * sizeof(float)))
    {
    }

    private ProjectionScratch(string path, int projections, int rows, int columns, SafeFileHandle file)
    {
        Path = path;
        (Projections, Rows, Columns, _frame) = (projections, rows, columns, rows * columns);
        RowTotals = new double[rows];
        _file = file;
    }

    /// <summary>A kept file of projections written before, to read; one of another length is refused as not belonging to the job.</summary>
    public static ProjectionScratch Open(string path, int projections, int rows, int columns)
    {
        long expected = (long)projections * rows * columns * sizeof(float);
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != expected)
        {
            throw new InputException(info.Exists
                ? $"{path} holds {info.Length} bytes, not the {expected} of {projections} projections of {rows} x {columns}; prepare the job again"
                : $"{path}: no such file (the projections the job's preparation made); prepare the job again");
        }

        return new ProjectionScratch(path, projections, rows, columns, File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read));
    }

    public string Path { get; }

    public int Projections { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Each row's sum over the projections written so far, added in their order.</summary>
    public double[] RowTotals { get; }

    /// <summary>Stores projection <paramref name="index"/> and adds its rows to <see cref="RowTotals"/>.</summary>
    public void Write(int index, ReadOnlySpan<float> projection)
    {
        for (int r = 0; r < Rows; r++)
        {
            double sum = 0;
            foreach (float v in projection.Slice(r * Columns, Columns))
            {
                sum += v;
            }

            RowTotals[r] += sum;
        }

        RandomAccess.Write(_file, MemoryMarshal.AsBytes(projection[.._frame]), (long)index * _frame * sizeof(float));
    }

    /// <summary>Rows [<paramref name="firstRow"/>, + <paramref name="rows"/>) of every projection, [projection][row][column].</summary>
    public float[] ReadRows(int firstRow, int rows)
    {
        var band = new float[(long)Projections * rows * Columns];
        for (int p = 0; p < Projections; p++)
        {
            Span<float> target = band.AsSpan(p * rows * Columns, rows * Columns);
            int read = RandomAccess.Read(_file, MemoryMarshal.AsBytes(target), (((long)p * _frame) + ((long)firstRow * Columns)) * sizeof(float));
            if (read != target.Length * sizeof(float))
            {
                throw new IOException($"{Path}: projection {p}, rows {firstRow}–{firstRow + rows - 1} came back short ({read} bytes)");
            }
        }

        return band;
    }

    public void Dispose() => _file.Dispose();
}
