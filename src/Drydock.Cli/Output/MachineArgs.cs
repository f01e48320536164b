using System.Net;
using System.Net.Sockets;
using Drydock.Protocol.Maintenance;

namespace Drydock.Cli.Output;

/// <summary>
/// Reads <c>--machine</c> values. <c>HOST=IP</c> names both fields (the form that matches an agent); a bare IPv4
/// address means hostname and ip are that address, as DC/OS agents report themselves; <c>HOST=</c> names a hostname
/// only and <c>=IP</c> an ip only, which Mesos accepts but which never match a running agent.
/// </summary>
internal static class MachineArgs
{
    public static MachineId Parse(string text)
    {
        var value = text.Trim();
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq >= 0)
        {
            var host = value[..eq].Trim();
            var ip = value[(eq + 1)..].Trim();
            if (host.Length == 0 && ip.Length == 0)
            {
                throw new FormatException($"'{text}' names no machine: use HOST=IP");
            }

            return new MachineId(host.Length > 0 ? host : null, ip.Length > 0 ? ip : null);
        }

        if (IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetwork)
        {
            return new MachineId(value, value);
        }

        throw new FormatException(
            $"'{text}' is not HOST=IP: an agent's machine is matched only by hostname and ip together (write '{value}=' for a hostname alone)");
    }

    public static IReadOnlyList<MachineId> ParseAll(IEnumerable<string> values) => values.Select(Parse).ToArray();
}
