namespace XrayController.Simulators.Transport;

/// <summary>The device side of one connection: bytes in, bytes out.</summary>
internal interface IByteLink : IDisposable
{
    /// <summary>Reads what is available (at least one byte); 0 when the link is closed or <paramref name="cancellationToken"/> fires.</summary>
    int Read(Span<byte> buffer, CancellationToken cancellationToken);

    void Write(ReadOnlySpan<byte> data);
}
