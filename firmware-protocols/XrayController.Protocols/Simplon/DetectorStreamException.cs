namespace XrayController.Protocols.Simplon;

/// <summary>A detector-stream message that does not follow the format.</summary>
public sealed class DetectorStreamException : Exception
{
    public DetectorStreamException(string message)
        : base(message)
    {
    }

    public DetectorStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
