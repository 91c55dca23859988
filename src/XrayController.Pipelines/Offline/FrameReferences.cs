using XrayController.Reconstruction.Preprocessing;
using XrayController.Storage.Reading;

namespace XrayController.Pipelines.Offline;

/// <summary>The conditions a file's frame was taken under, and its flats or darks as reference blocks.</summary>
internal static class FrameReferences
{
    public static ReferenceCondition Condition(FrameRecord frame) => new(frame.EnergyEv, frame.DistanceIndex, frame.TileIndex);

    /// <summary>Reference blocks of <paramref name="records"/>, whose pixels lie one frame after another in <paramref name="frames"/>.</summary>
    public static ReferenceBlocks Blocks(IReadOnlyList<FrameRecord> records, float[] frames, int frameSize) =>
        ReferenceBlocks.Build([.. records.Select((r, i) => (r.Seq, Condition(r), (ReadOnlyMemory<float>)frames.AsMemory(i * frameSize, frameSize)))]);
}
