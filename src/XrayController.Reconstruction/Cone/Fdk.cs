using XrayController.Core.Plans;
using XrayController.Reconstruction.Filtering;

namespace XrayController.Reconstruction.Cone;

/// <summary>
/// Feldkamp–Davis–Kress reconstruction of a circular cone-beam scan (Feldkamp et al. 1984; Kak and Slaney ch. 3.6):
/// each projection of line integrals is weighted by the cosine of its rays' angle to the central ray,
/// SDD / √(SDD² + u² + v²), and, for a short scan, by Parker's weights; its rows are ramp-filtered (zero-padded, the
/// chosen window); then every voxel takes, from every projection, the bilinear value where its ray meets the detector,
/// times the distance weight (SOD / U)², U = SOD + x·d being the voxel's distance from the source along the central
/// ray. The sum is scaled by Δβ/2 (Δβ for Parker-weighted short scans, whose weights already count each ray once) per
/// voxel at the axis, so the volume is in 1/mm. A half-acquisition (an offset detector over a full turn) weighs its
/// redundant rays instead (<see cref="HalfAcquisitionWeights"/>) and is scaled by Δβ as well. Filtering runs in parallel over projections, back-projection over
/// rows of the slice grid, each holding its own block of voxels.
/// </summary>
public static class Fdk
{
    public static float[] Reconstruct(float[] lineIntegrals, ConeGeometry geometry, ReconstructionFilter filter, ConeGrid grid, int maxThreads = -1, bool extendTruncated = false)
    {
        ArgumentNullException.ThrowIfNull(lineIntegrals);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(grid);
        geometry.Validate();
        int frame = geometry.Rows * geometry.Columns;
        if (lineIntegrals.Length != frame * geometry.AnglesDeg.Count)
        {
            throw new ArgumentException($"{lineIntegrals.Length} values are not {geometry.AnglesDeg.Count} projections of {geometry.Rows} × {geometry.Columns}", nameof(lineIntegrals));
        }

        float[] filtered = WeightAndFilter(lineIntegrals, geometry, filter, maxThreads, extendTruncated);
        return FdkBackprojector.Backproject(filtered, geometry, grid, Scale(geometry), maxThreads);
    }

    /// <summary>The factor that puts the sum over every projection of a scan in 1/mm: Δβ/2 (Δβ with Parker's weights) per voxel at the axis.</summary>
    public static float Scale(ConeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        double step = geometry.RangeRad / geometry.AnglesDeg.Count;
        return (float)((geometry.IsShortScan || geometry.HalfAcquisition ? step : step / 2) / geometry.VoxelMm);
    }

    /// <summary>
    /// Cosine- (and Parker-) weighted, ramp-filtered projections, stored column-major [angle][column][row] for the
    /// back-projection. With <paramref name="extendTruncated"/> (projections cut off by the panel's edges, as in
    /// local tomography), each row is continued past both edges by an eighth of the row's width, from the mean of its
    /// three outermost values down to zero along a sine-squared taper, before filtering: the ramp filter then sees no
    /// cliff at the edges, which otherwise cups the interior. (Longer tapers over-correct: on a head phantom 1.5 times
    /// wider than the field a region read 5 % high cut off, 0.8 % high with an eighth, 2 % low with a quarter and 7 %
    /// low with a half.)
    /// </summary>
    public static float[] WeightAndFilter(float[] lineIntegrals, ConeGeometry geometry, ReconstructionFilter filter, int maxThreads = -1, bool extendTruncated = false)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return WeightAndFilter(lineIntegrals, geometry, [.. Enumerable.Range(0, geometry.AnglesDeg.Count)], filter, maxThreads, extendTruncated);
    }

    /// <summary>
    /// The same for some of a scan's projections (live reconstruction): <paramref name="lineIntegrals"/> holds the
    /// projections at <paramref name="angleIndices"/> of <paramref name="geometry"/>'s angles, weighted as in the whole scan.
    /// </summary>
    public static float[] WeightAndFilter(float[] lineIntegrals, ConeGeometry geometry, IReadOnlyList<int> angleIndices, ReconstructionFilter filter, int maxThreads = -1, bool extendTruncated = false) =>
        WeightAndFilter(lineIntegrals, geometry, angleIndices, DetectorBand.Whole(geometry), filter, maxThreads, extendTruncated);

    /// <summary>
    /// The same for a band of rows of every projection (a slab of the volume at a time): <paramref name="lineIntegrals"/>
    /// holds the band's rows of each projection [angle][row][column], weighted by their own rows' cosines, and the result
    /// is [angle][column][band row]; <paramref name="into"/> may be <paramref name="lineIntegrals"/> itself (each
    /// projection is copied before it is overwritten), which halves the memory a slab needs.
    /// </summary>
    public static float[] WeightAndFilter(float[] lineIntegrals, ConeGeometry geometry, IReadOnlyList<int> angleIndices, DetectorBand band, ReconstructionFilter filter, int maxThreads = -1, bool extendTruncated = false, float[]? into = null)
    {
        ArgumentNullException.ThrowIfNull(lineIntegrals);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(angleIndices);
        int rows = band.Rows;
        int columns = geometry.Columns;
        int frame = rows * columns;
        if (band.FirstRow < 0 || band.EndRow > geometry.Rows || lineIntegrals.Length != frame * angleIndices.Count)
        {
            throw new ArgumentException($"{lineIntegrals.Length} values are not {angleIndices.Count} projections of rows {band.FirstRow}–{band.EndRow - 1} × {columns} columns of a {geometry.Rows}-row detector", nameof(lineIntegrals));
        }

        int extension = extendTruncated ? columns / 8 : 0;
        var ramp = RampFilter.Create(columns + (2 * extension), filter);
        float[] cosine = CosineWeights(geometry, band);
        double sdd = geometry.SourceToDetectorMm;
        double delta = geometry.IsShortScan ? (geometry.RangeRad - Math.PI) / 2 : 0;
        double first = geometry.AnglesDeg[0];
        float[] result = into ?? new float[lineIntegrals.Length];
        if (result.Length != lineIntegrals.Length)
        {
            throw new ArgumentException($"the result holds {result.Length} values, not {lineIntegrals.Length}", nameof(into));
        }

        Parallel.For(0, angleIndices.Count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, () => (new RowFilter(ramp), new float[frame], new float[columns + (2 * extension)]), (p, _, state) =>
        {
            (RowFilter rowFilter, float[] work, float[] extended) = state;
            float[] parker = new float[columns];
            double beta = Math.Abs(geometry.AnglesDeg[angleIndices[p]] - first) * Math.PI / 180;
            for (int c = 0; c < columns; c++)
            {
                double u = (c - geometry.PrincipalColumn) * geometry.PixelUMm;
                parker[c] = geometry.IsShortScan ? (float)ParkerWeights.Weight(beta, -Math.Atan(u / sdd), delta)
                    : geometry.HalfAcquisition ? (float)HalfAcquisitionWeights.Weight(u, geometry)
                    : 1f;
            }

            ReadOnlySpan<float> source = lineIntegrals.AsSpan(p * frame, frame);
            for (int i = 0; i < frame; i++)
            {
                work[i] = source[i] * cosine[i] * parker[i % columns];
            }

            if (extension > 0)
            {
                for (int r = 0; r < rows; r++)
                {
                    FilterExtended(rowFilter, work.AsSpan(r * columns, columns), extended, extension);
                }
            }
            else
            {
                rowFilter.FilterRows(work, columns);
            }

            Span<float> target = result.AsSpan(p * frame, frame);
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    target[(c * rows) + r] = work[(r * columns) + c];
                }
            }

            return state;
        }, _ => { });
        return result;
    }

    /// <summary>Filters one row continued past both edges by <paramref name="extension"/> values tapering to zero; the row is overwritten with its filtered middle.</summary>
    private static void FilterExtended(RowFilter rowFilter, Span<float> row, float[] extended, int extension)
    {
        int columns = row.Length;
        int edge = Math.Min(3, columns);
        float left = 0;
        float right = 0;
        for (int i = 0; i < edge; i++)
        {
            left += row[i] / edge;
            right += row[columns - 1 - i] / edge;
        }

        for (int i = 0; i < extension; i++)
        {
            double s = Math.Sin(Math.PI / 2 * (i + 1) / (extension + 1));
            extended[i] = (float)(left * s * s);
            extended[extension + columns + (extension - 1 - i)] = (float)(right * s * s);
        }

        row.CopyTo(extended.AsSpan(extension, columns));
        rowFilter.FilterPair(extended, [], extended, []);
        extended.AsSpan(extension, columns).CopyTo(row);
    }

    /// <summary>The cosine weights of a band's rows, [band row][column], each row's from its place on the detector.</summary>
    private static float[] CosineWeights(ConeGeometry geometry, DetectorBand band)
    {
        var weights = new float[band.Rows * geometry.Columns];
        double sdd2 = geometry.SourceToDetectorMm * geometry.SourceToDetectorMm;
        for (int r = 0; r < band.Rows; r++)
        {
            double v = (geometry.PrincipalRow - (band.FirstRow + r)) * geometry.PixelVMm;
            for (int c = 0; c < geometry.Columns; c++)
            {
                double u = (c - geometry.PrincipalColumn) * geometry.PixelUMm;
                weights[(r * geometry.Columns) + c] = (float)(geometry.SourceToDetectorMm / Math.Sqrt(sdd2 + (u * u) + (v * v)));
            }
        }

        return weights;
    }
}
