namespace XrayController.Streaming;

/// <summary>The frame stream cannot use its endpoint (in use, malformed, not permitted); the message names the endpoint.</summary>
public sealed class StreamEndpointException : Exception
{
    public StreamEndpointException(string message)
        : base(message)
    {
    }

    public StreamEndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
