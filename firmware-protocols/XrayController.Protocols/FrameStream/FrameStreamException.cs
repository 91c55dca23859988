namespace XrayController.Protocols.FrameStream;

/// <summary>A frame-stream message that does not follow the format; the message says which key and why.</summary>
public sealed class FrameStreamException : Exception
{
    public FrameStreamException(string message)
        : base(message)
    {
    }

    public FrameStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
