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
    /// onto at any angle: a slice at height z meets the detector at row r₀ − z·SDD / (D·pixel), D the voxel's distance
    /// from the source, which lies within SOD ± the grid's farthest corner from the axis; a row more on each side
    /// covers the interpolation and single-precision rounding.
    /// </summary>
    public static DetectorBand ForSlab(ConeGeometry geometry, ConeGrid grid, int firstSlice, int slices)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSlice);
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSlice + slices, grid.Slices, nameof(slices));
        double reach = 0;
        foreach (double x in new[] { grid.X(0), grid.X(grid.Size - 1) })
        {
            foreach (double y in new[] { grid.Y(0), grid.Y(grid.Size - 1) })
            {
                reach = Math.Max(reach, Math.Sqrt((x * x) + (y * y)) + grid.VoxelMm);
            }
        }

        double nearMm = Math.Max(geometry.SourceToObjectMm - reach, geometry.SourceToObjectMm * 0.01);
        double nearRowsPerMm = geometry.SourceToDetectorMm / (nearMm * geometry.PixelVMm);
        double farRowsPerMm = geometry.SourceToDetectorMm / ((geometry.SourceToObjectMm + reach) * geometry.PixelVMm);
        double top = grid.Z(firstSlice);
        double bottom = grid.Z(firstSlice + slices - 1);
        double topRow = geometry.PrincipalRow - (top * (top > 0 ? nearRowsPerMm : farRowsPerMm));
        double bottomRow = geometry.PrincipalRow - (bottom * (bottom < 0 ? nearRowsPerMm : farRowsPerMm));
        int rows = geometry.Rows;
        int first = Math.Clamp((int)Math.Floor(topRow) - 1, 0, Math.Max(0, rows - 2)) & ~1;
        int end = Math.Clamp((int)Math.Floor(bottomRow) + 3, Math.Min(first + 2, rows), rows);
        end = end < rows ? Math.Min(rows, (end + 1) & ~1) : rows;
        return new DetectorBand(first, end - first);
    }
}
