using Drydock.AgentProtocol.V1;

namespace Drydock.Master.Registry;

/// <summary>What the master knew of an agent that re-registers.</summary>
internal enum AgentPast
{
    /// <summary>Registered with this master (connected, or disconnected for a while).</summary>
    Registered,

    /// <summary>Known from the durable registry after a master restart, not yet re-registered.</summary>
    Recovered,

    /// <summary>Marked unreachable.</summary>
    Unreachable,

    /// <summary>Not known at all: removed (unregistered, machine DOWN) or never seen by this registry.</summary>
    Unknown,
}

/// <summary>
/// An agent re-registered: who it is, what the master knew of it, the tasks it reports, and the channel it came back
/// on (messages sent there reach the agent before its Reregistered reply).
/// </summary>
internal sealed record AgentReturn(string AgentId, string Hostname, AgentPast Past, IReadOnlyList<ReportedTask> Tasks, IAgentConnection Connection);
