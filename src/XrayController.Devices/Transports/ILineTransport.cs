namespace XrayController.Devices.Transports;

/// <summary>A byte link carrying LF-terminated ASCII lines (Latin-1, so single-byte replies such as 0xB1 pass unchanged).</summary>
public interface ILineTransport : IAsyncDisposable
{
    /// <summary>The port or address, for messages.</summary>
    string Address { get; }

    Task WriteAsync(string text, CancellationToken cancellationToken);

    /// <summary>The next line without its LF (a CR before it is dropped); <see cref="IOException"/> when the link closed.</summary>
    Task<string> ReadLineAsync(CancellationToken cancellationToken);

    /// <summary>What has arrived of a line not yet complete (for timeout messages).</summary>
    string Pending { get; }

    /// <summary>True when the port itself has disappeared (a serial device node removed: adapter unplugged, simulator gone).</summary>
    bool IsGone { get; }

    /// <summary>Drops anything received and not yet read (after a timeout, so that a late reply is not taken for the next one).</summary>
    void DiscardInput();
}
