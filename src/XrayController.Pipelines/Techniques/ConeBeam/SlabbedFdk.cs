using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Cone;
using XrayController.Storage;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// FDK of one tile in the slabs of a <see cref="ConeSlabPlan"/>, top to bottom, every detector row read, corrected and
/// filtered once: a slab's band is the rows kept from the slab before plus the rows below them, read now; the slab's
/// slices are back-projected from the band and written at once. The volume is the whole-volume FDK's, bit for bit,
/// whatever the slabs (<see cref="DetectorBand"/>, <see cref="FdkBackprojector"/>).
/// </summary>
/// <param name="extend">Whether truncated projections are extended; null to decide from the rows read, which the plan
/// must then read all at once (one slab whose band is the whole detector).</param>
internal sealed class SlabbedFdk(SlabCorrector corrector, ReconstructionRequest request, ConeGeometry geometry, ConeGrid grid, bool? extend)
{
    private bool Extended => extend ?? throw new InvalidOperationException("whether to extend truncated projections is decided from the first band, which read no rows");

    /// <param name="open">Opens the volume's file once it is known whether truncated projections are extended (its metadata says so).</param>
    public void Run(ConeSlabPlan plan, Func<bool, ReconstructionFileWriter> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(open);
        int projections = geometry.AnglesDeg.Count;
        int columns = geometry.Columns;
        int[] angles = [.. Enumerable.Range(0, projections)];
        float scale = Fdk.Scale(geometry);
        ReconstructionFileWriter? writer = null;
        try
        {
            var kept = new DetectorBand(0, 0);
            float[] keptRows = [];
            foreach (ConeSlab slab in plan.Slabs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DetectorBand band = slab.Band;
                if (band.FirstRow < kept.FirstRow)
                {
                    throw new InvalidOperationException($"slab {slab.FirstSlice} sees rows from {band.FirstRow}, above the band kept from {kept.FirstRow}");
                }

                var assembled = new float[projections * columns * band.Rows];
                int reused = Math.Max(0, Math.Min(kept.EndRow, band.EndRow) - band.FirstRow);
                Place(keptRows, kept, band.FirstRow, reused, assembled, band);
                var fresh = new DetectorBand(band.FirstRow + reused, band.Rows - reused);
                if (fresh.Rows > 0)
                {
                    float[] lineIntegrals = corrector.LineIntegrals(fresh.FirstRow, fresh.Rows, request.RingRemoval);
                    if (extend is null)
                    {
                        var truncation = new Truncation(columns);
                        truncation.Add(lineIntegrals);
                        extend = truncation.IsTruncated;
                    }

                    Fdk.WeightAndFilter(lineIntegrals, geometry, angles, fresh, request.Filter, extendTruncated: extend.Value, into: lineIntegrals);
                    Place(lineIntegrals, fresh, fresh.FirstRow, fresh.Rows, assembled, band);
                }

                writer ??= open(Extended);
                writer.WriteSlab(slab.FirstSlice, FdkBackprojector.Backproject(assembled, geometry, band, grid, slab.FirstSlice, slab.Slices, scale));
                (kept, keptRows) = (band, assembled);
            }

            writer?.Complete();
        }
        finally
        {
            writer?.Dispose();
        }
    }

    /// <summary>Copies rows [<paramref name="firstRow"/>, + <paramref name="rows"/>) of filtered projections laid out [angle][column][row of <paramref name="from"/>] into the same rows of <paramref name="into"/>'s layout.</summary>
    private void Place(float[] source, DetectorBand from, int firstRow, int rows, float[] target, DetectorBand into)
    {
        if (rows == 0)
        {
            return;
        }

        int columns = geometry.Columns;
        Parallel.For(0, geometry.AnglesDeg.Count, p =>
        {
            for (int c = 0; c < columns; c++)
            {
                long sourceStart = ((((long)p * columns) + c) * from.Rows) + (firstRow - from.FirstRow);
                long targetStart = ((((long)p * columns) + c) * into.Rows) + (firstRow - into.FirstRow);
                Array.Copy(source, sourceStart, target, targetStart, rows);
            }
        });
    }
}
