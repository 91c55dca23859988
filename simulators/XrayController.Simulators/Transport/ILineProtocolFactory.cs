namespace XrayController.Simulators.Transport;

/// <summary>A simulated device that serves each connection (serial or TCP) with its own protocol session over the shared device state.</summary>
public interface ILineProtocolFactory
{
    internal ILineProtocol CreateSession();
}
