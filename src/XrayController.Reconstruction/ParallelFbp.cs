using XrayController.Core.Plans;
using XrayController.Reconstruction.Backprojection;
using XrayController.Reconstruction.Filtering;

namespace XrayController.Reconstruction;

/// <summary>
/// Filtered back-projection of a slab of slices in a parallel beam: ramp-filter every detector row (two rows per FFT,
/// rows paired 0–1, 2–3 …, so a slab must start on an even row to pair as the live reconstruction does), lay the
/// filtered data out [angle][column][slice], back-project, scale by π/P (and the pixel size), and return the slab as
/// [slice][row][column] (z, y, x). Every stage is a pure function of its inputs.
/// </summary>
public static class ParallelFbp
{
    /// <param name="lineIntegrals">[angle][slice][column] line integrals of the slab; filtered in place.</param>
    public static float[] Reconstruct(float[] lineIntegrals, int slices, ParallelGeometry geometry, ReconstructionFilter filter, ReconstructionGrid grid, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(lineIntegrals);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(grid);
        geometry.Validate();
        int columns = geometry.Columns;
        int angles = geometry.Angles;
        if (lineIntegrals.Length != angles * slices * columns)
        {
            throw new ArgumentException($"expected {angles} × {slices} × {columns} values, got {lineIntegrals.Length}", nameof(lineIntegrals));
        }

        float[] filtered = FilterAndInterleave(lineIntegrals, angles, slices, columns, RampFilter.Create(columns, filter), maxThreads);
        var volume = new float[grid.Size * grid.Size * slices];
        SlabBackprojector.Backproject(filtered, columns, slices, geometry.Cosines(), geometry.Sines(), (float)geometry.CenterPx, grid, volume, maxThreads: maxThreads);
        return ToSliceMajor(volume, grid.Size, slices, geometry.Scale);
    }

    /// <summary>Filters each angle's rows and lays them out [angle][column][slice] for the back-projector.</summary>
    public static float[] FilterAndInterleave(float[] lineIntegrals, int angles, int slices, int columns, RampFilter filter, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(lineIntegrals);
        var filtered = new float[angles * columns * slices];
        Parallel.For(
            0,
            angles,
            new ParallelOptions { MaxDegreeOfParallelism = maxThreads },
            () => new RowFilter(filter),
            (a, _, rows) =>
            {
                Span<float> block = lineIntegrals.AsSpan(a * slices * columns, slices * columns);
                rows.FilterRows(block, columns);
                Interleave(block, columns, slices, filtered.AsSpan(a * columns * slices, columns * slices));
                return rows;
            },
            _ => { });
        return filtered;
    }

    /// <summary>[slice][column] to [column][slice].</summary>
    public static void Interleave(ReadOnlySpan<float> rows, int columns, int slices, Span<float> interleaved)
    {
        for (int s = 0; s < slices; s++)
        {
            for (int u = 0; u < columns; u++)
            {
                interleaved[(u * slices) + s] = rows[(s * columns) + u];
            }
        }
    }

    /// <summary>[row][column][slice] sums to [slice][row][column] attenuation.</summary>
    public static float[] ToSliceMajor(float[] volume, int size, int slices, float scale)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var result = new float[volume.Length];
        for (int p = 0; p < size * size; p++)
        {
            for (int s = 0; s < slices; s++)
            {
                result[(s * size * size) + p] = volume[(p * slices) + s] * scale;
            }
        }

        return result;
    }
}
