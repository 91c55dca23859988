namespace XrayController.Simulators.Transport;

/// <summary>The device side of a line protocol: which single bytes are commands on their own, and the reply to each command.</summary>
internal interface ILineProtocol
{
    bool IsSingleByteCommand(byte value);

    /// <summary>The reply text with its terminators, or null when the command has no reply.</summary>
    string? Handle(string command);
}
