namespace XrayController.Protocols.FrameStream;

/// <summary>Constants of the frame-stream format, version <see cref="Version"/>.</summary>
public static class FrameStreamFormat
{
    public const string Version = "xrc-stream/1";

    public const string Start = "start";
    public const string Image = "image";
    public const string End = "end";

    /// <summary>The largest frame accepted from a stream, in pixels (16 Mpixel covers every detector in the profiles).</summary>
    public const long MaxPixels = 1L << 24;

    /// <summary>Bytes per pixel of each supported numpy dtype.</summary>
    public static int BytesPerPixel(string dtype) => dtype switch
    {
        "uint16" => 2,
        "float32" => 4,
        _ => 0,
    };
}
