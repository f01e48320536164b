using System.Net.Sockets;
using System.Text;

namespace Drydock.Agent.Hosting;

/// <summary>
/// Tells systemd (a <c>Type=notify</c> unit) how the agent is doing, through the datagram socket named by
/// <c>NOTIFY_SOCKET</c>; without it there is nobody to tell and nothing is sent.
/// </summary>
internal static class SystemdNotify
{
    public static void Send(string state)
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        // An abstract socket is given with a leading '@' and addressed with a leading NUL.
        var address = path[0] == '@' ? "\0" + path[1..] : path;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(address));
            socket.Send(Encoding.UTF8.GetBytes(state));
        }
        catch (SocketException)
        {
            // systemd went away; the agent runs on regardless.
        }
    }
}
