namespace XrayController.Reconstruction.Backprojection;

/// <summary>
/// Back-projects a slab of K slices from filtered sinograms laid out [angle][column][slice] into a volume laid out
/// [row][column][slice], tile by tile (tiles keep a slab's part of the volume in cache while every angle is added),
/// tiles in parallel. Within each voxel, angles are added in their order with <see cref="BackprojectionKernel"/>, so the
/// sum is the same, bit for bit, as adding one projection at a time (the live reconstruction).
/// </summary>
public static class SlabBackprojector
{
    public const int DefaultTileSize = 32;

    public static void Backproject(ReadOnlyMemory<float> filtered, int columns, int slices, IReadOnlyList<float> cos, IReadOnlyList<float> sin, float center, ReconstructionGrid grid, float[] volume, int tileSize = DefaultTileSize, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(cos);
        ArgumentNullException.ThrowIfNull(sin);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(volume);
        int n = grid.Size;
        if (volume.Length != n * n * slices || filtered.Length != cos.Count * columns * slices)
        {
            throw new ArgumentException("volume or sinogram size does not match the grid, angles, columns and slices");
        }

        int tilesPerSide = (n + tileSize - 1) / tileSize;
        Parallel.For(0, tilesPerSide * tilesPerSide, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, tile =>
        {
            int row0 = tile / tilesPerSide * tileSize;
            int column0 = tile % tilesPerSide * tileSize;
            int width = Math.Min(tileSize, n - column0);
            Span<float> xs = stackalloc float[width];
            Span<float> ys = stackalloc float[width];
            for (int j = 0; j < width; j++)
            {
                xs[j] = grid.X(column0 + j);
            }

            for (int a = 0; a < cos.Count; a++)
            {
                ReadOnlySpan<float> projection = filtered.Span.Slice(a * columns * slices, columns * slices);
                for (int row = row0; row < Math.Min(row0 + tileSize, n); row++)
                {
                    ys.Fill(grid.Y(row));
                    BackprojectionKernel.Accumulate(projection, columns, slices, cos[a], sin[a], center, xs, ys, volume.AsSpan(((row * n) + column0) * slices, width * slices));
                }
            }
        });
    }
}
