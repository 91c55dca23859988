using System.IO.Ports;
using System.Net.Sockets;
using XrayController.Core.Instruments;
using XrayController.Devices.Errors;

namespace XrayController.Devices.Transports;

/// <summary>Opens the transport a <see cref="DeviceLink"/> names: a serial port (System.IO.Ports) or a TCP connection.</summary>
public static class LineTransports
{
    /// <param name="carriageReturnEnds">The device ends its replies with CR alone.</param>
    public static async Task<ILineTransport> OpenAsync(DeviceLink link, string device, TimeSpan timeout, CancellationToken cancellationToken, bool carriageReturnEnds = false)
    {
        ArgumentNullException.ThrowIfNull(link);
        return link.IsTcp ? await ConnectTcpAsync(link.Port, device, timeout, carriageReturnEnds, cancellationToken).ConfigureAwait(false) : OpenSerial(link, device, carriageReturnEnds);
    }

    /// <summary>
    /// 8N1, no flow control; DTR/RTS only when the profile asks (a pseudo-terminal refuses them with "Inappropriate ioctl").
    /// Reads go through the base stream with cancellation, not through the port's own timeouts.
    /// </summary>
    private static StreamLineTransport OpenSerial(DeviceLink link, string device, bool carriageReturnEnds)
    {
        if (!OperatingSystem.IsWindows() && !File.Exists(link.Port))
        {
            // The runtime reports a device file that is not there as access denied; say what it is.
            throw new DeviceConnectionException(device, $"open {link.Port}", $"serial port {link.Port} does not exist (unplugged, or another name: ls /dev/serial/by-id lists the adapters present)");
        }

        var port = new SerialPort(link.Port, link.BaudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            DtrEnable = link.HandshakeLines,
            RtsEnable = link.HandshakeLines,
            NewLine = "\n",
        };
        try
        {
            port.Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new DeviceConnectionException(device, $"open {link.Port}", $"cannot open serial port {link.Port}: {e.Message}", e);
        }

        string path = link.Port;
        return new StreamLineTransport(port.BaseStream, path, port, () => !File.Exists(path), carriageReturnEnds);
    }

    private static async Task<StreamLineTransport> ConnectTcpAsync(string address, string device, TimeSpan timeout, bool carriageReturnEnds, CancellationToken cancellationToken)
    {
        string hostPort = address[DeviceLink.TcpScheme.Length..];
        int colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out int port) || port is < 1 or > 65535)
        {
            throw new DeviceConnectionException(device, $"connect {address}", $"'{address}' is not tcp://host:port");
        }

        var client = new TcpClient { NoDelay = true };
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(hostPort[..colon], port, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new DeviceConnectionException(device, $"connect {address}", $"no connection to {address} within {timeout.TotalSeconds:0.###} s (wrong address, device off, or a firewall)", e);
        }
        catch (SocketException e)
        {
            client.Dispose();
            throw new DeviceConnectionException(device, $"connect {address}", $"cannot connect to {address}: {e.Message}", e);
        }

        return new StreamLineTransport(client.GetStream(), address, client, carriageReturnEnds: carriageReturnEnds);
    }
}
