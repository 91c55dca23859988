using CsCheck;
using XrayController.Reconstruction.Cone;

namespace XrayController.Reconstruction.Tests;

/// <summary>
/// The back-projection of one-slice slabs, each from its band, against the whole volume's, over random geometries of
/// tall detectors (64–400 rows, where a row found in single precision can round across an integer away from the same
/// row found in double) and filtered data of a wide range (±10⁶ beside values near zero, as a sharp edge filters):
/// equal bit for bit. Every slice being a slab's first and last, the rows interpolated for a voxel column are found
/// afresh for every slice; found in double precision while the loop reads them in single, they once left one row
/// uninterpolated, read with a weight of about 10⁻⁷ — visible only with data of this range. Half the geometries have a
/// detector tilted up to 10° in its plane, whose voxels are placed one by one from their projections' matrices.
/// </summary>
public sealed class FdkSlabPropertyTests
{
    [Fact]
    public void One_slice_slabs_back_projected_from_their_bands_equal_the_whole_volume_for_any_geometry()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            int rows = random.Next(64, 401);
            int columns = random.Next(8, 25);
            double sod = 20 + (180 * random.NextDouble());
            double magnification = 1.2 + (6.8 * random.NextDouble());
            int count = random.Next(8, 25);
            int size = random.Next(8, 21);
            int slices = random.Next(rows / 2, (rows * 3 / 2) + 1);
            double[] angles = [.. Enumerable.Range(0, count).Select(k => 360.0 * k / count)];
            var circular = new ConeGeometry(rows, columns, sod, sod * magnification, 0.3, 0.3, (6 * random.NextDouble()) - 3, (6 * random.NextDouble()) - 3, angles);
            double tilt = random.Next(2) == 0 ? 0 : (20 * random.NextDouble()) - 10;
            ConeGeometry geometry = tilt == 0 ? circular : circular with { Matrices = [.. angles.Select(a => ProjectionMatrix.Circular(circular, a, tilt))] };
            var grid = new ConeGrid(size, slices, geometry.VoxelMm * (0.4 + (1.1 * random.NextDouble())));
            float[] filtered = [.. Enumerable.Range(0, count * rows * columns).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 7))))];
            float[] whole = FdkBackprojector.Backproject(filtered, geometry, grid, 1f);
            int plane = size * size;
            for (int slice = 0; slice < slices; slice++)
            {
                DetectorBand band = DetectorBand.ForSlab(geometry, grid, slice, 1);
                var bandRows = new float[count * columns * band.Rows];
                for (int line = 0; line < count * columns; line++)
                {
                    Array.Copy(filtered, (line * rows) + band.FirstRow, bandRows, line * band.Rows, band.Rows);
                }

                float[] slab = FdkBackprojector.Backproject(bandRows, geometry, band, grid, slice, 1, 1f);
                if (!slab.AsSpan().SequenceEqual(whole.AsSpan(slice * plane, plane)))
                {
                    return false;
                }
            }

            return true;
        }, iter: 300);
    }
}
