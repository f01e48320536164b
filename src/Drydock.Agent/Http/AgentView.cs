using Drydock.Agent.Hosting;

namespace Drydock.Agent.Http;

/// <summary>What the agent's HTTP API shows of the running agent: its flags, identity and whether it has a master.</summary>
internal sealed class AgentView(AgentOptions options, Func<string?> agentId, Func<bool> connected, DateTimeOffset startTime)
{
    /// <summary>The Mesos API level the agent implements (as the master's <c>/version</c>).</summary>
    public const string Version = "1.12.0";

    public AgentOptions Options { get; } = options;

    /// <summary>The id the master gave this agent; null until it first registers.</summary>
    public string? AgentId => agentId();

    /// <summary>The agent has a channel open to the master.</summary>
    public bool Connected => connected();

    public DateTimeOffset StartTime { get; } = startTime;

    /// <summary>Mesos's agent pid, <c>slave(1)@ip:port</c>, as the master lists it.</summary>
    public string Pid => $"slave(1)@{Options.Ip}:{Options.Port}";

    /// <summary>The capabilities the agent announces to the master.</summary>
    public static IReadOnlyList<string> Capabilities { get; } = ["MULTI_ROLE", "AGENT_DRAINING"];
}
