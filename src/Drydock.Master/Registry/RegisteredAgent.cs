using Drydock.Protocol.Agents;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Registry;

/// <summary>An agent the master knows to be registered: admitted, and connected or briefly disconnected.</summary>
internal sealed record RegisteredAgent(
    string Id,
    AgentInfo Info,
    MachineId Machine,
    string Pid,
    string Version,
    IReadOnlyList<string> Capabilities,
    DateTimeOffset RegisteredTime,
    DateTimeOffset? ReregisteredTime,
    bool Connected)
{
    /// <summary>The connection the agent last spoke on; null while disconnected.</summary>
    internal IAgentConnection? Connection { get; init; }

    /// <summary>Pings sent since the last pong.</summary>
    internal int MissedPings { get; init; }

    /// <summary>When the connection broke; null while connected.</summary>
    internal DateTimeOffset? DisconnectedAt { get; init; }
}
