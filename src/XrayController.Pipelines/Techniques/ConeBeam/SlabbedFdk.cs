using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Cone;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.ConeBeam;

/// <summary>
/// FDK of one tile (<paramref name="projections"/> of the file, at <paramref name="geometry"/>'s angles) in the slabs of
/// a <see cref="ConeSlabPlan"/>, top to bottom, each slab's slices written as soon as they are made (numbered from the plan's first). With every
/// projection at once, each detector row is read, corrected and filtered once: a slab's band is the rows kept from the
/// slab before plus the rows below them, read now. A group at a time, each slab reads its band of each group afresh.
/// Either way the volume is the whole-volume FDK's, bit for bit, whatever the slabs (<see cref="DetectorBand"/>,
/// <see cref="FdkBackprojector"/>), and every pixel is counted (floored, zingers) once.
/// </summary>
/// <param name="extend">Whether truncated projections are extended; null to decide from the rows read, which the plan
/// must then read all at once (one slab whose band is the whole detector, every projection).</param>
internal sealed class SlabbedFdk(TomographyFile file, IReadOnlyList<FrameRecord> projections, ReconstructionRequest request, ConeGeometry geometry, ConeGrid grid, bool? extend)
{
    private bool Extended => extend ?? throw new InvalidOperationException("whether to extend truncated projections is decided from the first band, which read no rows");

    /// <summary>What the corrections floored and replaced, each pixel counted once.</summary>
    public CorrectionCounts Counts { get; private set; }

    /// <param name="open">Opens the volume's file once it is known whether truncated projections are extended (its metadata says so).</param>
    public void Run(ConeSlabPlan plan, Func<bool, ReconstructionFileWriter> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(open);
        ReconstructionFileWriter? writer = null;
        try
        {
            if (plan.ProjectionsPerPass < projections.Count)
            {
                writer = open(Extended);
                ByGroups(plan, writer, cancellationToken);
            }
            else
            {
                writer = AllAtOnce(plan, open, cancellationToken);
            }

            writer?.Complete();
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private ReconstructionFileWriter? AllAtOnce(ConeSlabPlan plan, Func<bool, ReconstructionFileWriter> open, CancellationToken cancellationToken)
    {
        var corrector = new SlabCorrector(file, request, projections);
        int count = projections.Count;
        int columns = geometry.Columns;
        int[] angles = [.. Enumerable.Range(0, count)];
        float scale = Fdk.Scale(geometry);
        ReconstructionFileWriter? writer = null;
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

            var assembled = new float[count * columns * band.Rows];
            int reused = Math.Max(0, Math.Min(kept.EndRow, band.EndRow) - band.FirstRow);
            Place(keptRows, kept, band.FirstRow, reused, assembled, band);
            var fresh = new DetectorBand(band.FirstRow + reused, band.Rows - reused);
            if (fresh.Rows > 0)
            {
                float[] lineIntegrals = geometry.Widen(corrector.LineIntegrals(fresh.FirstRow, fresh.Rows, request.RingRemoval), count, fresh.Rows);
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
            writer.WriteSlab(slab.FirstSlice - plan.FirstSlice, FdkBackprojector.Backproject(assembled, geometry, band, grid, slab.FirstSlice, slab.Slices, scale));
            (kept, keptRows) = (band, assembled);
        }

        Counts = corrector.Counts;
        return writer;
    }

    /// <summary>
    /// Each slab from groups of projections that start at multiples of <see cref="FdkBackprojector.ProjectionGroup"/>,
    /// back-projected into the slab one after the other. Rows an earlier slab read are read again without being
    /// counted a second time.
    /// </summary>
    private void ByGroups(ConeSlabPlan plan, ReconstructionFileWriter writer, CancellationToken cancellationToken)
    {
        if (request.RingRemoval != RingRemoval.None)
        {
            throw new InvalidOperationException("stripe removal needs every projection of a row at once");
        }

        float scale = Fdk.Scale(geometry);
        int perPass = plan.ProjectionsPerPass;
        int countedEnd = 0;
        foreach (ConeSlab slab in plan.Slabs)
        {
            var volume = new float[(long)slab.Slices * grid.Size * grid.Size];
            for (int first = 0; first < projections.Count; first += perPass)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(perPass, projections.Count - first);
                int[] angles = [.. Enumerable.Range(first, count)];
                float[] lineIntegrals = geometry.Widen(Rows([.. projections.Skip(first).Take(count)], slab.Band, countedEnd), count, slab.Band.Rows);
                Fdk.WeightAndFilter(lineIntegrals, geometry, angles, slab.Band, request.Filter, extendTruncated: Extended, into: lineIntegrals);
                ConeGeometry group = geometry.Subset(angles);
                FdkBackprojector.Backproject(lineIntegrals, group, slab.Band, grid, slab.FirstSlice, slab.Slices, scale, into: volume);
            }

            writer.WriteSlab(slab.FirstSlice - plan.FirstSlice, volume);
            countedEnd = Math.Max(countedEnd, slab.Band.EndRow);
        }
    }

    /// <summary>A band of some projections' line integrals [projection][row][column]; only rows from <paramref name="countedEnd"/> on are counted.</summary>
    private float[] Rows(IReadOnlyList<FrameRecord> frames, DetectorBand band, int countedEnd)
    {
        int split = Math.Clamp(countedEnd, band.FirstRow, band.EndRow);
        var counting = new SlabCorrector(file, request, frames);
        if (split == band.FirstRow)
        {
            float[] all = counting.LineIntegrals(band.FirstRow, band.Rows, request.RingRemoval);
            Counts += counting.Counts;
            return all;
        }

        float[] seen = new SlabCorrector(file, request, frames).LineIntegrals(band.FirstRow, split - band.FirstRow, request.RingRemoval);
        if (split == band.EndRow)
        {
            return seen;
        }

        float[] fresh = counting.LineIntegrals(split, band.EndRow - split, request.RingRemoval);
        Counts += counting.Counts;
        int columns = file.Columns;
        int seenSize = (split - band.FirstRow) * columns;
        int freshSize = (band.EndRow - split) * columns;
        var rows = new float[frames.Count * band.Rows * columns];
        for (int p = 0; p < frames.Count; p++)
        {
            Array.Copy(seen, p * seenSize, rows, p * (seenSize + freshSize), seenSize);
            Array.Copy(fresh, p * freshSize, rows, (p * (seenSize + freshSize)) + seenSize, freshSize);
        }

        return rows;
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
