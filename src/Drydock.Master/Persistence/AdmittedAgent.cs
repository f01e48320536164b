using Drydock.Protocol.Agents;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Persistence;

/// <summary>An agent the registry has admitted: its id, the info it registered with, and its machine.</summary>
internal sealed record AdmittedAgent(string Id, AgentInfo Info, MachineId Machine)
{
    /// <summary>Set by the operator (DEACTIVATE_AGENT): the agent keeps its tasks but gets no offers.</summary>
    public bool Deactivated { get; init; }

    /// <summary>Set by DRAIN_AGENT until the operator reactivates the agent; null when it was never drained.</summary>
    public DrainInfo? Drain { get; init; }
}

/// <summary>An agent the registry holds as unreachable: it may come back (re-register) and is then admitted again.</summary>
internal sealed record UnreachableAgent(AdmittedAgent Agent, DateTimeOffset Since);
