using XrayController.Protocols.FrameStream;

namespace XrayController.Pipelines.Live;

/// <summary>Where the live reconstruction puts the rotation axis (a detector column) and where that came from.</summary>
public sealed record LiveAxis(double CenterPx, string Source)
{
    /// <summary>The source when the stream gives no axis: the previews use the middle, and the volume is made offline.</summary>
    public const string DetectorMiddle = "detector middle (preview only)";

    /// <summary>The axis asked for, else the stream's, else the detector's middle (with a note saying so).</summary>
    public static LiveAxis From(StreamStart start, LiveRequest request, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(notes);
        if (request.CenterPx is { } given)
        {
            return new LiveAxis(given, "given");
        }

        if (start.RotationAxisPx is { } streamed)
        {
            return new LiveAxis(streamed, "stream start message");
        }

        notes.Add("the stream gave no rotation axis: the previews use the detector's middle and the final volume is made offline with the axis found then");
        return new LiveAxis((start.Columns - 1) / 2.0, DetectorMiddle);
    }
}
