using XrayController.Protocols.FrameStream;
using XrayController.Reconstruction.Preprocessing;

namespace XrayController.Pipelines.Live;

/// <summary>
/// A series a technique previews live: its start message, what the user asked, the rotation axis, the corrections the
/// live path applies (the flats before each projection: later ones have not come yet), and the notes for the summary.
/// </summary>
public sealed record LiveSeries(StreamStart Start, LiveRequest Request, LiveAxis Axis, List<string> Notes)
{
    public CorrectionSettings Corrections => new(FlatMode.Preceding, Request.ZingerRemoval);

    /// <summary>The pixel at the sample (mm), NaN when the stream does not give it.</summary>
    public double PixelSizeMm => double.IsNaN(Start.PixelSizeUm) ? double.NaN : Start.PixelSizeUm / 1000;
}
