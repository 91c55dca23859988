using XrayController.Core.Diagnostics;
using XrayController.Pipelines.Offline;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Techniques.Holotomography;

/// <summary>
/// Reads a holotomography file's projections one at a time as flat-corrected intensities I/I₀ (dark and the distance's
/// flats, floored like line integrals), rescaled onto the reference distance's grid and moved back by a registration
/// shift. Zinger removal, when asked, cleans the flats only: in a hologram the fringes' sharp extremes look like zingers
/// to the filter (on the demo it "removed" some 20 000 fringe pixels).
/// </summary>
internal sealed class HologramSource(TomographyFile file, ReferenceBlocks? darks, ReconstructionRequest request, string name)
{
    private readonly Dictionary<int, ReferenceBlocks> _flats = [];

    public int Rows => file.Rows;

    public int Columns => file.Columns;

    public CorrectionCounts Counts { get; private set; }

    public void AddFlats(PhaseReconstruction.DistanceGroup group, HolographyGeometry holography)
    {
        int frameSize = file.Rows * file.Columns;
        float[] frames = file.ReadFlats(group.Flats);
        if (request.ZingerRemoval)
        {
            for (int f = 0; f < group.Flats.Length; f++)
            {
                Counts += new CorrectionCounts(0, ZingerRemoval.Remove(frames.AsSpan(f * frameSize, frameSize), file.Rows, file.Columns));
            }
        }

        ReferenceBlocks flats = FrameReferences.Blocks(group.Flats, frames, frameSize);
        try
        {
            ProjectionCorrection.CheckReferences(flats, darks);
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"{name} at distance {group.Index} ({holography.DistancesMm[group.Index]} mm): {e.Message}", e);
        }

        _flats[group.Index] = flats;
    }

    public float[] Aligned(FrameRecord projection, PhaseReconstruction.DistanceGroup group, double scale, (double Rows, double Columns) shift)
    {
        float[] raw = file.ReadProjection(projection);
        var lineIntegrals = new float[raw.Length];
        Counts += ProjectionCorrection.Correct(raw, file.Rows, file.Columns, projection.Seq, FrameReferences.Condition(projection), _flats[group.Index], darks, new CorrectionSettings(request.Flats, ZingerRemoval: false), lineIntegrals);
        for (int i = 0; i < lineIntegrals.Length; i++)
        {
            lineIntegrals[i] = MathF.Exp(-lineIntegrals[i]);
        }

        return scale == 1 && shift == (0, 0) ? lineIntegrals : Magnification.Rescale(lineIntegrals, file.Rows, file.Columns, scale, -shift.Rows, -shift.Columns);
    }
}
