namespace Drydock.Master.Drain;

/// <summary>Agent capabilities (Mesos <c>AgentInfo.Capability</c>) the master checks for.</summary>
internal static class AgentCapabilities
{
    /// <summary>The agent understands DRAIN_AGENT.</summary>
    public const string Draining = "AGENT_DRAINING";
}
