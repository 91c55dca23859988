using XrayController.Reconstruction.Backprojection;

namespace XrayController.Reconstruction.Incremental;

/// <summary>
/// Accumulates three orthogonal slices through the volume: the axial slice at row Z needs only that row's filtered data
/// (one slice, every grid point); the vertical slices at grid row Y and grid column X need every row, a line of grid
/// points each, all slices at once.
/// </summary>
internal sealed class PreviewAccumulator
{
    private readonly ReconstructionGrid _grid;
    private readonly int _rows;
    private float[] _axial;
    private float[] _atConstantY;
    private float[] _atConstantX;

    public PreviewAccumulator(ReconstructionGrid grid, int rows, int z, int y, int x)
    {
        _grid = grid;
        _rows = rows;
        (Z, Y, X) = Check(z, y, x);
        _axial = new float[grid.Size * grid.Size];
        _atConstantY = new float[grid.Size * rows];
        _atConstantX = new float[grid.Size * rows];
    }

    public int Z { get; private set; }

    public int Y { get; private set; }

    public int X { get; private set; }

    public void MoveTo(int z, int y, int x, bool restart)
    {
        (Z, Y, X) = Check(z, y, x);
        if (restart)
        {
            _axial = new float[_axial.Length];
            _atConstantY = new float[_atConstantY.Length];
            _atConstantX = new float[_atConstantX.Length];
        }
    }

    /// <param name="rows">Filtered rows, [row][column].</param>
    /// <param name="interleaved">The same, [column][row].</param>
    public void Add(float[] rows, float[] interleaved, int columns, float cos, float sin, float center)
    {
        int n = _grid.Size;
        ReadOnlySpan<float> axialRow = rows.AsSpan(Z * columns, columns);
        Span<float> xs = stackalloc float[n];
        Span<float> ys = stackalloc float[n];
        for (int j = 0; j < n; j++)
        {
            xs[j] = _grid.X(j);
        }

        for (int i = 0; i < n; i++)
        {
            ys.Fill(_grid.Y(i));
            BackprojectionKernel.Accumulate(axialRow, columns, 1, cos, sin, center, xs, ys, _axial.AsSpan(i * n, n));
        }

        ys.Fill(_grid.Y(Y));
        BackprojectionKernel.Accumulate(interleaved, columns, _rows, cos, sin, center, xs, ys, _atConstantY);
        xs.Fill(_grid.X(X));
        for (int i = 0; i < n; i++)
        {
            ys[i] = _grid.Y(i);
        }

        BackprojectionKernel.Accumulate(interleaved, columns, _rows, cos, sin, center, xs, ys, _atConstantX);
    }

    public PreviewSlices Snapshot(float scale, int projections) => new(
        Z, Y, X, _grid.Size, _rows, Scaled(_axial, scale), Transposed(_atConstantY, scale), Transposed(_atConstantX, scale), projections);

    /// <summary>The previews cut from a whole volume laid out [row][column][slice].</summary>
    public PreviewSlices FromVolume(float[] volume, float scale, int projections)
    {
        int n = _grid.Size;
        var axial = new float[n * n];
        var atY = new float[_rows * n];
        var atX = new float[_rows * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                axial[(i * n) + j] = volume[(((i * n) + j) * _rows) + Z] * scale;
            }
        }

        for (int z = 0; z < _rows; z++)
        {
            for (int k = 0; k < n; k++)
            {
                atY[(z * n) + k] = volume[(((Y * n) + k) * _rows) + z] * scale;
                atX[(z * n) + k] = volume[(((k * n) + X) * _rows) + z] * scale;
            }
        }

        return new PreviewSlices(Z, Y, X, n, _rows, axial, atY, atX, projections);
    }

    private static float[] Scaled(float[] values, float scale) => [.. values.Select(v => v * scale)];

    /// <summary>[point][slice] to [slice][point].</summary>
    private float[] Transposed(float[] values, float scale)
    {
        int n = _grid.Size;
        var result = new float[values.Length];
        for (int p = 0; p < n; p++)
        {
            for (int z = 0; z < _rows; z++)
            {
                result[(z * n) + p] = values[(p * _rows) + z] * scale;
            }
        }

        return result;
    }

    private (int Z, int Y, int X) Check(int z, int y, int x) =>
        z >= 0 && z < _rows && y >= 0 && y < _grid.Size && x >= 0 && x < _grid.Size
            ? (z, y, x)
            : throw new ArgumentOutOfRangeException(nameof(z), $"preview position ({z}, {y}, {x}) lies outside the volume ({_rows} slices of {_grid.Size} x {_grid.Size})");
}
