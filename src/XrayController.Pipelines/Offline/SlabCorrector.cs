using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Techniques.ConeBeam;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Offline;

/// <summary>
/// Reads a slab of rows and turns it into line integrals [projection][row][column], counting what it floored and
/// replaced. Zinger removal looks at the rows above and below each pixel, so the slab is read with one more row on each
/// side (where the detector has them) and cropped afterwards: the result is what whole frames would give. It corrects
/// every projection of the file, or some of them (one tile's), with every flat and dark. A detector laid out otherwise
/// than this program's (a cone-beam geometry's <see cref="DetectorAxes"/>) is read from the rows that hold the
/// slab's and turned.
/// </summary>
internal sealed class SlabCorrector(TomographyFile file, ReconstructionRequest request, IReadOnlyList<FrameRecord>? only = null)
{
    private readonly IReadOnlyList<FrameRecord> _projections = only ?? file.Projections;

    public CorrectionCounts Counts { get; private set; }

    public float[] LineIntegrals(int firstRow, int rows, RingRemoval ringRemoval)
    {
        DetectorAxes axes = request.ConeMatrices?.Axes(Path.GetFileName(file.Path)) ?? request.ConeGeometry?.Axes ?? DetectorAxes.Standard;
        float[] lineIntegrals = Corrected(axes.FileFirstRow(firstRow, rows, file.Rows), rows, ringRemoval);
        axes.Turn(lineIntegrals, rows, file.Columns);
        return lineIntegrals;
    }

    /// <summary>File rows [<paramref name="firstRow"/>, + <paramref name="rows"/>) as line integrals.</summary>
    private float[] Corrected(int firstRow, int rows, RingRemoval ringRemoval)
    {
        int readFirst = Math.Max(0, firstRow - 1);
        int readRows = Math.Min(file.Rows, firstRow + rows + 1) - readFirst;
        FrameSlab slab = file.ReadRows(readFirst, readRows, _projections);
        float[] projections = Crop(slab.Projections, _projections.Count, readRows, firstRow - readFirst, rows, request.ZingerRemoval);
        float[] flatFrames = Crop(slab.Flats, file.Flats.Count, readRows, firstRow - readFirst, rows, request.ZingerRemoval);
        float[] darkFrames = Crop(slab.Darks, file.Darks.Count, readRows, firstRow - readFirst, rows, zingers: false);
        int frameSize = rows * file.Columns;
        var settings = new CorrectionSettings(request.Flats, ZingerRemoval: false);
        ReferenceBlocks flats = FrameReferences.Blocks(file.Flats, flatFrames, frameSize);
        ReferenceBlocks? darks = file.Darks.Count == 0 ? null : FrameReferences.Blocks(file.Darks, darkFrames, frameSize);
        try
        {
            ProjectionCorrection.CheckReferences(flats, darks);
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"{Path.GetFileName(file.Path)}, rows {firstRow}–{firstRow + rows - 1}: {e.Message}", e);
        }

        var lineIntegrals = new float[_projections.Count * frameSize];
        var counts = new CorrectionCounts[_projections.Count];
        Parallel.For(0, _projections.Count, p =>
        {
            FrameRecord frame = _projections[p];
            counts[p] = ProjectionCorrection.Correct(
                projections.AsSpan(p * frameSize, frameSize),
                rows,
                file.Columns,
                frame.Seq,
                FrameReferences.Condition(frame),
                flats,
                darks,
                settings,
                lineIntegrals.AsSpan(p * frameSize, frameSize));
        });
        Counts += counts.Aggregate(default(CorrectionCounts), (sum, c) => sum + c);
        if (ringRemoval != RingRemoval.None)
        {
            RemoveStripes(lineIntegrals, _projections.Count, rows, file.Columns, ringRemoval);
        }

        return lineIntegrals;
    }

    /// <summary>Removes zingers with the halo rows as neighbours (when asked), then keeps only the slab's own rows; frames in parallel.</summary>
    private float[] Crop(float[] frames, int count, int readRows, int offset, int rows, bool zingers)
    {
        int columns = file.Columns;
        var cropped = new float[count * rows * columns];
        var replaced = new long[count];
        Parallel.For(0, count, f =>
        {
            Span<float> frame = frames.AsSpan(f * readRows * columns, readRows * columns);
            if (zingers)
            {
                replaced[f] = ZingerRemoval.Remove(frame, readRows, columns, offset, rows);
            }

            frame.Slice(offset * columns, rows * columns).CopyTo(cropped.AsSpan(f * rows * columns, rows * columns));
        });
        Counts += new CorrectionCounts(0, replaced.Sum());
        return cropped;
    }

    /// <summary>Stripe removal works on sinograms: gathers each row's sinogram, filters it, puts it back.</summary>
    /// <param name="lineIntegrals">[projection][row][column].</param>
    internal static void RemoveStripes(float[] lineIntegrals, int projections, int rows, int columns, RingRemoval method)
    {
        Parallel.For(0, rows, row =>
        {
            var sinogram = new float[projections * columns];
            for (int p = 0; p < projections; p++)
            {
                Array.Copy(lineIntegrals, ((p * rows) + row) * columns, sinogram, p * columns, columns);
            }

            if (method == RingRemoval.Sort)
            {
                StripeRemoval.RemoveStripes(sinogram, projections, columns);
            }
            else
            {
                StripeRemoval.RemoveFullStripes(sinogram, projections, columns);
            }
            for (int p = 0; p < projections; p++)
            {
                Array.Copy(sinogram, p * columns, lineIntegrals, ((p * rows) + row) * columns, columns);
            }
        });
    }
}
