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

    /// <summary>Whether another socket holds the endpoint (another program, or another user's scan), rather than it being malformed or not permitted.</summary>
    public bool InUse => InnerException is NetMQ.AddressAlreadyInUseException;
}
