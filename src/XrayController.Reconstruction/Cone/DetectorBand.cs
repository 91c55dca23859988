namespace XrayController.Reconstruction.Cone;

/// <summary>
/// Detector rows [<see cref="FirstRow"/>, <see cref="FirstRow"/> + <see cref="Rows"/>) of every projection: the part a
/// slab of a cone-beam volume's slices sees. Bands start on even rows and hold an even number of rows (unless they end
/// at the detector's last row), so that rows pair for filtering exactly as in whole frames and a slab's volume is the
/// same, bit for bit, as that part of the whole volume.
/// </summary>
public readonly record struct DetectorBand(int FirstRow, int Rows)
{
    public int EndRow => FirstRow + Rows;

    public static DetectorBand Whole(ConeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return new DetectorBand(0, geometry.Rows);
    }

    /// <summary>
    /// The rows that slices [<paramref name="firstSlice"/>, + <paramref name="slices"/>) of <paramref name="grid"/> project
    /// onto in any projection: a projection's row is a ratio of two linear functions of a point, whose extremes over the
    /// box that holds the slab (half a voxel past its outer voxels' centres) lie at its corners; a row more on each side
    /// covers the interpolation and single-precision rounding.
    /// </summary>
    public static DetectorBand ForSlab(ConeGeometry geometry, ConeGrid grid, int firstSlice, int slices)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSlice);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSlice + slices, grid.Slices, nameof(slices));
        double half = grid.VoxelMm / 2;
        double[] xs = [grid.X(0) - half, grid.X(grid.Size - 1) + half];
        double[] ys = [grid.Y(grid.Size - 1) - half, grid.Y(0) + half];
        double[] zs = [grid.Z(firstSlice + slices - 1) - half, grid.Z(firstSlice) + half];
        double topRow = double.PositiveInfinity;
        double bottomRow = double.NegativeInfinity;
        for (int p = 0; p < geometry.AnglesDeg.Count; p++)
        {
            ProjectionMatrix matrix = geometry.MatrixAt(p);
            foreach (double x in xs)
            {
                foreach (double y in ys)
                {
                    foreach (double z in zs)
                    {
                        (_, double row, double depth) = matrix.Project(x, y, z);
                        (topRow, bottomRow) = depth > 0 ? (Math.Min(topRow, row), Math.Max(bottomRow, row)) : (double.NegativeInfinity, double.PositiveInfinity);
                    }
                }
            }
        }

        int rows = geometry.Rows;
        int first = (int)Math.Clamp(Math.Floor(topRow) - 1, 0, Math.Max(0, rows - 2)) & ~1;
        int end = (int)Math.Clamp(Math.Floor(bottomRow) + 3, Math.Min(first + 2, rows), rows);
        end = end < rows ? Math.Min(rows, (end + 1) & ~1) : rows;
        return new DetectorBand(first, end - first);
    }
}
