using System.Text.Json;
using Drydock.Cli.Commands.Cluster;
using Drydock.Client;
using Drydock.Protocol.Maintenance;

namespace Drydock.Cli.Commands.Maintenance;

/// <summary>
/// What is probably a mistake in a schedule the master accepts anyway, as Mesos does: a machine that matches no agent
/// the master knows (hostname and ip together, the only way an agent's machine is matched), and a window that lies
/// wholly in the past. Printed on stderr as warnings; the command still succeeds.
/// </summary>
internal static class ScheduleWarnings
{
    /// <summary>Warnings for <paramref name="windows"/> against the agents the master knows now.</summary>
    public static async Task WarnAsync(MasterClient client, IEnumerable<MaintenanceWindow> windows, DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyCollection<MachineId> agents;
        try
        {
            agents = KnownMachines(await client.CallJsonAsync("GET_AGENTS", ct));
        }
        catch (MasterApiException)
        {
            // A master without the v1 operator API: nothing to compare with.
            return;
        }

        foreach (var warning in For(windows, agents, now))
        {
            await Console.Error.WriteLineAsync("warning: " + warning);
        }
    }

    /// <summary>The warnings, one per machine that matches no agent and one per window wholly in the past.</summary>
    public static IEnumerable<string> For(IEnumerable<MaintenanceWindow> windows, IReadOnlyCollection<MachineId> agents, DateTimeOffset now)
    {
        var nowNs = (decimal)(now - DateTimeOffset.UnixEpoch).Ticks * 100;
        foreach (var window in windows)
        {
            foreach (var machine in window.MachineIds.Where(m => !agents.Contains(m)))
            {
                yield return $"no agent the master knows is on machine {machine.ToJson()} (an agent matches by hostname and ip together)";
            }

            if (window.Unavailability.Duration is { } duration && (decimal)window.Unavailability.Start.Nanoseconds + duration.Nanoseconds <= nowNs)
            {
                yield return $"the window of {string.Join(", ", window.MachineIds.Select(m => m.ToJson()))} ended before now: it changes nothing";
            }
        }
    }

    /// <summary>The machines of the registered agents of a GET_AGENTS reply: hostname, and the ip of the agent's pid.</summary>
    internal static IReadOnlyCollection<MachineId> KnownMachines(string getAgentsReply)
    {
        using var document = JsonDocument.Parse(getAgentsReply);
        var machines = new HashSet<MachineId>();
        foreach (var agent in ClusterCommands.Array(document.RootElement.GetProperty("get_agents"), "agents"))
        {
            var hostname = agent.GetProperty("agent_info").TryGetProperty("hostname", out var h) ? h.GetString() : null;
            var ip = agent.TryGetProperty("pid", out var pid) && pid.GetString() is { } text && text.LastIndexOf('@') is var at and >= 0
                ? text[(at + 1)..].Split(':')[0]
                : null;
            if (hostname is not null && ip is not null)
            {
                machines.Add(new MachineId(hostname, ip));
            }
        }

        return machines;
    }
}
