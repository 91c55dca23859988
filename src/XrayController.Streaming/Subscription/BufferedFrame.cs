namespace XrayController.Streaming.Subscription;

/// <summary>
/// A frame held in a ring-buffer slot: the image message's fields and its pixels, as raw counts. The pixel array belongs
/// to the slot and is reused once the frame is released.
/// </summary>
public sealed class BufferedFrame
{
    internal BufferedFrame(int slot) => Slot = slot;

    internal int Slot { get; }

    public long Seq { get; internal set; }

    public int ImageKey { get; internal set; }

    public double AngleDeg { get; internal set; }

    public double EnergyEv { get; internal set; }

    /// <summary>The image magnification the stream gave (NaN when it did not: constant through the scan).</summary>
    public double Magnification { get; internal set; }

    public int DistanceIndex { get; internal set; }

    public int TileIndex { get; internal set; }

    public int Rows { get; internal set; }

    public int Columns { get; internal set; }

    /// <summary>Rows × columns counts (only the first <see cref="Rows"/> × <see cref="Columns"/> are meaningful).</summary>
    public float[] Pixels { get; internal set; } = [];
}
