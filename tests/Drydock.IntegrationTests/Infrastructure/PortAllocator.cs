using System.Net;
using System.Net.Sockets;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// Ports for masters that must come back on the same port after a restart. They come from below the kernel's ephemeral
/// range (<c>ip_local_port_range</c>), where every <c>--port 0</c> bind and outgoing connection of the run takes its
/// ports, so nothing else lands on one while its master is down; no port is handed out twice in a run, and each is
/// checked free when handed out. The walk starts at a random place, so test runs side by side rarely meet.
/// </summary>
internal static class PortAllocator
{
    private const int Lowest = 10000;

    private static readonly int Highest = EphemeralLow() - 1;
    private static int _handedOut = Random.Shared.Next(0, Highest - Lowest);

    public static int Next()
    {
        for (var attempt = 0; attempt < Highest - Lowest; attempt++)
        {
            var port = Lowest + (Interlocked.Increment(ref _handedOut) % (Highest - Lowest + 1));
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free port between {Lowest} and {Highest}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out var low) && low > Lowest + 1000 ? low : 32768;
        }
        catch (IOException)
        {
            return 32768;
        }
    }
}
