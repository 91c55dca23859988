using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace XrayController.Reconstruction.Cone;

/// <summary>
/// FDK's voxel-driven back-projection (<see cref="Fdk"/>): every voxel takes, from every filtered projection, the
/// bilinear value where the projection's matrix (<see cref="ConeGeometry.MatrixAt"/>) puts it, times the distance weight
/// (D / U)², U its distance from the source along the central ray and D the origin's. One kernel for every source of
/// geometry: where a projection keeps each voxel column on one detector column (an untilted detector, the central ray
/// square to the axis) a column's rows advance evenly and are read eight at a time; otherwise each voxel is placed on
/// its own. It runs over the whole volume, over a slab of its slices from the band of detector rows the slab sees, or
/// over two vertical planes; a voxel's arithmetic uses its place in the whole grid and adds the projections in their
/// order, in groups of <see cref="ProjectionGroup"/>, so a slab or a plane is the same, bit for bit, as that part of
/// the whole volume, whether its projections come all at once or group by group. Parallel over rows of the slice
/// grid, each holding its own block of voxels.
/// </summary>
public static class FdkBackprojector
{
    /// <summary>
    /// The projections a voxel sums in its own block before the sum, scaled, is added to the volume: groups start at
    /// multiples of it in the order of the geometry's angles. Projections handed over in groups that start at its
    /// multiples (a slab made from some of the projections at a time) give the volume the whole set gives, bit for bit.
    /// </summary>
    public const int ProjectionGroup = 64;

    /// <summary>Values past a line's rows that the eight-voxel steps may load (two windows of eight, one row on) and never use.</summary>
    private const int LinePadding = 17;

    /// <summary>
    /// Back-projects filtered projections ([angle][column][row], at <paramref name="geometry"/>'s angles) into the whole
    /// volume [slice][row][column], times <paramref name="scale"/>; added to <paramref name="into"/> when given (live
    /// reconstruction, a few projections at a time), else into a new volume.
    /// </summary>
    public static float[] Backproject(float[] filtered, ConeGeometry geometry, ConeGrid grid, float scale, int maxThreads = -1, float[]? into = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(grid);
        return Backproject(filtered, geometry, DetectorBand.Whole(geometry), grid, 0, grid.Slices, scale, maxThreads, into);
    }

    /// <summary>
    /// Back-projects the filtered band <paramref name="band"/> of every projection ([angle][column][band row]) into
    /// slices [<paramref name="firstSlice"/>, + <paramref name="slices"/>) of <paramref name="grid"/>, times
    /// <paramref name="scale"/>; the band must hold every row those slices see (<see cref="DetectorBand.ForSlab"/>).
    /// </summary>
    public static float[] Backproject(float[] filtered, ConeGeometry geometry, DetectorBand band, ConeGrid grid, int firstSlice, int slices, float scale, int maxThreads = -1, float[]? into = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return Backproject(filtered, geometry, band, grid, firstSlice, slices, (0, grid.Size), (0, grid.Size), scale, maxThreads, into);
    }

    /// <summary>
    /// Back-projects the whole detector's filtered projections into the two vertical planes through voxel row
    /// <paramref name="y"/> and voxel column <paramref name="x"/> of the grid, every slice ([slice][column] and
    /// [slice][row]), added to <paramref name="atY"/> and <paramref name="atX"/>: the values the whole volume holds
    /// there, bit for bit, at the cost of two of its n columns of voxels.
    /// </summary>
    public static void BackprojectPlanes(float[] filtered, ConeGeometry geometry, ConeGrid grid, int y, int x, float scale, float[] atY, float[] atX, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(grid);
        DetectorBand whole = DetectorBand.Whole(geometry);
        Backproject(filtered, geometry, whole, grid, 0, grid.Slices, (y, 1), (0, grid.Size), scale, maxThreads, atY);
        Backproject(filtered, geometry, whole, grid, 0, grid.Slices, (0, grid.Size), (x, 1), scale, maxThreads, atX);
    }

    /// <summary>The slab's voxels in rows <paramref name="ys"/> and columns <paramref name="xs"/> of the slice grid, laid out [slice][row][column] of that window.</summary>
    private static float[] Backproject(float[] filtered, ConeGeometry geometry, DetectorBand band, ConeGrid grid, int firstSlice, int slices, (int First, int Count) ys, (int First, int Count) xs, float scale, int maxThreads, float[]? into)
    {
        ArgumentNullException.ThrowIfNull(filtered);
        ArgumentNullException.ThrowIfNull(geometry);
        int n = grid.Size;
        if (ys.First < 0 || ys.Count < 1 || ys.First + ys.Count > n || xs.First < 0 || xs.Count < 1 || xs.First + xs.Count > n)
        {
            throw new ArgumentOutOfRangeException(nameof(ys), $"rows {ys.First}+{ys.Count} and columns {xs.First}+{xs.Count} must lie in the grid's 0–{n - 1}");
        }

        int rows = geometry.Rows;
        int columns = geometry.Columns;
        int frame = band.Rows * columns;
        if (filtered.Length != frame * geometry.AnglesDeg.Count)
        {
            throw new ArgumentException($"{filtered.Length} values are not {geometry.AnglesDeg.Count} projections of {band.Rows} rows × {columns} columns", nameof(filtered));
        }

        if (firstSlice < 0 || slices < 1 || firstSlice + slices > grid.Slices)
        {
            throw new ArgumentOutOfRangeException(nameof(slices), $"slices {firstSlice}–{firstSlice + slices - 1} are outside the grid's 0–{grid.Slices - 1}");
        }

        double[][] matrices = [.. Enumerable.Range(0, geometry.AnglesDeg.Count).Select(p => geometry.MatrixAt(p).Values.ToArray())];
        bool[] upright = [.. matrices.Select(m => Upright(m, grid, rows, columns))];
        double z0 = grid.Z(0);
        double zMiddle = grid.CenterZMm;
        double step = grid.VoxelMm;
        int plane = ys.Count * xs.Count;
        float[] volume = into ?? new float[slices * plane];
        if (volume.Length != slices * plane)
        {
            throw new ArgumentException($"the volume holds {volume.Length} values, not {slices} slices of {ys.Count} × {xs.Count}", nameof(into));
        }

        int slabEnd = firstSlice + slices;
        Parallel.For(ys.First, ys.First + ys.Count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, i =>
        {
            var block = new float[xs.Count * slices];
            float[] total = into is null ? new float[xs.Count * slices] : Gather(volume, i - ys.First, ys.Count, xs.Count, slices);
            var line = new float[band.Rows + LinePadding];
            double y = grid.Y(i);
            for (int p = 0; p < matrices.Length; p++)
            {
                double[] m = matrices[p];
                ReadOnlySpan<float> projection = filtered.AsSpan(p * frame, frame);
                for (int j = xs.First; j < xs.First + xs.Count; j++)
                {
                    double x = grid.X(j);
                    Span<float> voxels = block.AsSpan((j - xs.First) * slices, slices);
                    if (!upright[p])
                    {
                        AddTilted(m, x, y, z0, step, firstSlice, slabEnd, projection, band, rows, columns, voxels);
                        continue;
                    }

                    // The voxel column stays on one detector column and its rows advance evenly: the depth and the
                    // column at the grid's middle height, the row of slice k of the whole grid a + k·b (slices run downwards).
                    double inverseDepth = 1 / ((m[8] * x) + (m[9] * y) + (m[10] * zMiddle) + m[11]);
                    double column = ((m[0] * x) + (m[1] * y) + (m[2] * zMiddle) + m[3]) * inverseDepth;
                    if (column < 0 || column >= columns - 1)
                    {
                        continue;
                    }

                    int c = (int)column;
                    float fc = (float)(column - c);
                    float weight = (float)(m[11] * m[11] * inverseDepth * inverseDepth);
                    double a = ((m[4] * x) + (m[5] * y) + (m[6] * z0) + m[7]) * inverseDepth;
                    double b = -m[6] * step * inverseDepth;

                    // Only the slab's slices whose row lies inside the detector are visited.
                    double slicesPerRow = 1 / b;
                    int kFirst = Math.Max(firstSlice, (int)Math.Ceiling(-a * slicesPerRow));
                    int kEnd = Math.Min(slabEnd, (int)Math.Ceiling((rows - 1 - a) * slicesPerRow));
                    if (kEnd <= kFirst)
                    {
                        continue;
                    }

                    // Interpolate between the two columns once for the rows these slices reach (vectorised), then along the rows per slice.
                    // The rows are found in single precision, as the loop below finds them, so that every row it reads was
                    // interpolated for this voxel column (a row found in double precision can differ by one at a slab's edge).
                    float aF = (float)a;
                    float bF = (float)b;
                    int rFirst = Math.Max(0, (int)(aF + (kFirst * bF)));
                    int rEnd = Math.Min(rows, (int)(aF + ((kEnd - 1) * bF)) + 2);
                    if (rFirst < band.FirstRow || rEnd > band.EndRow)
                    {
                        throw new InvalidOperationException($"slices {kFirst}–{kEnd - 1} see detector rows {rFirst}–{rEnd - 1}, outside the band {band.FirstRow}–{band.EndRow - 1}");
                    }

                    int bandRows = band.Rows;
                    int offset = band.FirstRow;
                    Lerp(projection.Slice((c * bandRows) + rFirst - offset, rEnd - rFirst), projection.Slice(((c + 1) * bandRows) + rFirst - offset, rEnd - rFirst), fc, line.AsSpan(rFirst - offset, rEnd - rFirst));
                    AddColumn(line, offset, aF, bF, kFirst, kEnd, rows - 1, weight, voxels.Slice(kFirst - firstSlice, kEnd - kFirst));
                }

                if ((p + 1) % ProjectionGroup == 0 || p == matrices.Length - 1)
                {
                    AddGroup(block, total, scale);
                }
            }

            Scatter(total, volume, i - ys.First, ys.Count, xs.Count, slices);
        });
        return volume;
    }

    /// <summary>
    /// Whether the projection sees every voxel column of the grid on one detector column with rows that advance evenly
    /// downwards (to a thousandth of a pixel over the grid's height): the detector's columns square to the rotation axis
    /// and the central ray square to it, as in a circular scan with an untilted detector. Decided for the whole grid, so a
    /// slab takes the same path as the whole volume.
    /// </summary>
    private static bool Upright(double[] m, ConeGrid grid, int rows, int columns)
    {
        double nearest = double.PositiveInfinity;
        foreach (double x in new[] { grid.X(0), grid.X(grid.Size - 1) })
        {
            foreach (double y in new[] { grid.Y(0), grid.Y(grid.Size - 1) })
            {
                foreach (double z in new[] { grid.Z(0), grid.Z(grid.Slices - 1) })
                {
                    nearest = Math.Min(nearest, (m[8] * x) + (m[9] * y) + (m[10] * z) + m[11] - grid.VoxelMm);
                }
            }
        }

        if (nearest <= 0)
        {
            throw new ArgumentException($"the grid reaches the source: its nearest voxel lies {nearest + grid.VoxelMm:0.###} mm in front of it");
        }

        double drift = (Math.Abs(m[2]) + ((columns + rows) * Math.Abs(m[10]))) * grid.Slices * grid.VoxelMm / nearest;
        return drift < 1e-3 && m[6] < 0;
    }

    /// <summary>
    /// Adds a projection to the voxel column at (<paramref name="x"/>, <paramref name="y"/>) of a slab, slices
    /// [<paramref name="firstSlice"/>, <paramref name="endSlice"/>) of the grid (<paramref name="voxels"/> from
    /// <paramref name="firstSlice"/> on), for any matrix: each voxel's column, row and depth from its own position
    /// (z = z₀ − k·voxel), the bilinear value there times the distance weight.
    /// </summary>
    private static void AddTilted(double[] m, double x, double y, double z0, double step, int firstSlice, int endSlice, ReadOnlySpan<float> projection, DetectorBand band, int rows, int columns, Span<float> voxels)
    {
        double depthXy = (m[8] * x) + (m[9] * y) + m[11];
        double columnXy = (m[0] * x) + (m[1] * y) + m[3];
        double rowXy = (m[4] * x) + (m[5] * y) + m[7];
        int bandRows = band.Rows;
        for (int k = firstSlice; k < endSlice; k++)
        {
            double z = z0 - (k * step);
            double inverseDepth = 1 / (depthXy + (m[10] * z));
            double column = (columnXy + (m[2] * z)) * inverseDepth;
            double row = (rowXy + (m[6] * z)) * inverseDepth;
            if (column < 0 || column >= columns - 1 || row < 0 || row >= rows - 1)
            {
                continue;
            }

            int c = (int)column;
            int r = (int)row;
            if (r < band.FirstRow || r + 1 >= band.EndRow)
            {
                throw new InvalidOperationException($"slice {k} sees detector row {r}, outside the band {band.FirstRow}–{band.EndRow - 1}");
            }

            float fc = (float)(column - c);
            float fr = (float)(row - r);
            int at = (c * bandRows) + r - band.FirstRow;
            float left = projection[at] + (fr * (projection[at + 1] - projection[at]));
            float right = projection[at + bandRows] + (fr * (projection[at + bandRows + 1] - projection[at + bandRows]));
            float weight = (float)(m[11] * m[11] * inverseDepth * inverseDepth);
            voxels[k - firstSlice] += weight * (left + (fc * (right - left)));
        }
    }

    /// <summary>
    /// Adds, to voxels k = <paramref name="kFirst"/> … of a voxel column (<paramref name="voxels"/> starts at
    /// <paramref name="kFirst"/>), <paramref name="weight"/> times the line's value interpolated at detector row
    /// a + k·b, up to the first whose row reaches <paramref name="rLast"/> (rows rise with k). With AVX2 eight voxels a
    /// step: their rows' two neighbours are picked from one or two windows of eight rows by a permutation (eight voxels
    /// span at most two windows while b is below about two rows a slice); other steps, and the rest, one voxel at a time
    /// with the same arithmetic, so every path gives the same bits.
    /// </summary>
    private static void AddColumn(float[] line, int offset, float aF, float bF, int kFirst, int kEnd, int rLast, float weight, Span<float> voxels)
    {
        int k = kFirst;
        if (Avx2.IsSupported)
        {
            ref float lineStart = ref MemoryMarshal.GetArrayDataReference(line);
            ref float voxel = ref MemoryMarshal.GetReference(voxels);
            Vector256<float> a = Vector256.Create(aF);
            Vector256<float> b = Vector256.Create(bF);
            Vector256<float> w = Vector256.Create(weight);
            Vector256<int> lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            Vector256<int> seven = Vector256.Create(7);
            for (; k + Vector256<float>.Count <= kEnd; k += Vector256<float>.Count)
            {
                Vector256<float> rowF = a + (Avx.ConvertToVector256Single(Vector256.Create(k) + lanes) * b);
                Vector256<int> r = Avx.ConvertToVector256Int32WithTruncation(rowF);
                int first = r.ToScalar();
                int last = r.GetElement(7);
                if (last >= rLast || last - first >= 2 * Vector256<float>.Count)
                {
                    break;
                }

                Vector256<int> index = r - Vector256.Create(first);
                ref float window = ref Unsafe.Add(ref lineStart, first - offset);
                Vector256<float> low = Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref window), index & seven);
                Vector256<float> high = Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref window, 1), index & seven);
                if (last - first >= Vector256<float>.Count)
                {
                    Vector256<float> upper = Vector256.GreaterThan(index, seven).AsSingle();
                    low = Vector256.ConditionalSelect(upper, Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref window, 8), index & seven), low);
                    high = Vector256.ConditionalSelect(upper, Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref window, 9), index & seven), high);
                }

                Vector256<float> t = rowF - Avx.ConvertToVector256Single(r);
                nuint at = (nuint)(k - kFirst);
                (Vector256.LoadUnsafe(ref voxel, at) + (w * (low + (t * (high - low))))).StoreUnsafe(ref voxel, at);
            }
        }

        for (; k < kEnd; k++)
        {
            float rowF = aF + (k * bF);
            int r = (int)rowF;
            if (r >= rLast)
            {
                break;
            }

            float low = line[r - offset];
            voxels[k - kFirst] += weight * (low + ((rowF - r) * (line[r + 1 - offset] - low)));
        }
    }

    /// <summary>A row of a volume given to add to ([slice][row][column] of the window) as a block [column][slice]: what earlier projections left there.</summary>
    private static float[] Gather(float[] volume, int row, int rows, int columns, int slices)
    {
        var total = new float[columns * slices];
        for (int j = 0; j < columns; j++)
        {
            for (int k = 0; k < slices; k++)
            {
                total[(j * slices) + k] = volume[(((k * rows) + row) * columns) + j];
            }
        }

        return total;
    }

    /// <summary>Puts a row's block back into the volume.</summary>
    private static void Scatter(float[] total, float[] volume, int row, int rows, int columns, int slices)
    {
        for (int j = 0; j < columns; j++)
        {
            for (int k = 0; k < slices; k++)
            {
                volume[(((k * rows) + row) * columns) + j] = total[(j * slices) + k];
            }
        }
    }

    /// <summary>Adds a group's sums, scaled, to the row's running total and clears them for the next group.</summary>
    private static void AddGroup(Span<float> block, Span<float> total, float scale)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var factor = new Vector<float>(scale);
            for (; i <= block.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var sums = new Vector<float>(block.Slice(i));
                (new Vector<float>(total.Slice(i)) + (sums * factor)).CopyTo(total.Slice(i));
            }
        }

        for (; i < block.Length; i++)
        {
            total[i] += block[i] * scale;
        }

        block.Clear();
    }

    /// <summary>result = left + f·(right − left), with SIMD.</summary>
    private static void Lerp(ReadOnlySpan<float> left, ReadOnlySpan<float> right, float f, Span<float> result)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var factor = new Vector<float>(f);
            for (; i <= left.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var l = new Vector<float>(left[i..]);
                (l + (factor * (new Vector<float>(right[i..]) - l))).CopyTo(result[i..]);
            }
        }

        for (; i < left.Length; i++)
        {
            result[i] = left[i] + (f * (right[i] - left[i]));
        }
    }
}
