namespace Drydock.Master.Registry;

/// <summary>The master's agent health flags (Mesos names, Mesos defaults).</summary>
internal sealed record RegistryOptions
{
    /// <summary><c>--agent-ping-timeout</c>: how often the master pings each agent.</summary>
    public TimeSpan AgentPingTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary><c>--max-agent-ping-timeouts</c>: pings in a row without a pong before the agent is unreachable.</summary>
    public int MaxAgentPingTimeouts { get; init; } = 5;

    public TimeSpan TotalPingTimeout => AgentPingTimeout * MaxAgentPingTimeouts;
}
