using XrayController.Reconstruction.Incremental;
using XrayController.Reconstruction.Preprocessing;
using XrayController.Streaming.Subscription;

namespace XrayController.Pipelines.Live;

/// <summary>Hands stream frames to an incremental reconstructor by their kind (dark, flat, projection; invalid frames are left out).</summary>
public static class IncrementalFeeding
{
    public static void Feed(this IncrementalReconstructor reconstructor, BufferedFrame frame, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(reconstructor);
        ArgumentNullException.ThrowIfNull(frame);
        var condition = new ReferenceCondition(frame.EnergyEv, frame.DistanceIndex, frame.TileIndex);
        switch (frame.ImageKey)
        {
            case 2:
                reconstructor.AddDark(pixels, frame.Seq, condition);
                break;
            case 1:
                reconstructor.AddFlat(pixels, frame.Seq, condition);
                break;
            case 0:
                reconstructor.AddProjection(pixels, frame.AngleDeg, frame.Seq, condition);
                break;
            default:
                break;
        }
    }
}
