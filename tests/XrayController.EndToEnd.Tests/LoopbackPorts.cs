using System.Net;
using System.Net.Sockets;

namespace XrayController.EndToEnd.Tests;

internal static class LoopbackPorts
{
    /// <summary>A TCP port free on loopback just now (the system's choice for port 0).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
