using System.Net;
using System.Net.Sockets;

namespace Drydock.Agent.Health;

/// <summary>A TCP check: it passes when a connection to the address and port is established.</summary>
internal sealed class TcpProbe(IPAddress address, int port) : IHealthProbe
{
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient(address.AddressFamily);
        try
        {
            await client.ConnectAsync(address, port, cancellationToken);
            return null;
        }
        catch (SocketException e)
        {
            return $"Failed to establish a TCP connection to {new IPEndPoint(address, port)}: {e.Message}";
        }
    }
}
