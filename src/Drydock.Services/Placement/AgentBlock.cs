namespace Drydock.Services.Placement;

/// <summary>Why an agent must take no new task at all, whatever else fits or not.</summary>
internal enum AgentBlock
{
    /// <summary>Its machine is DOWN (in a window the operator started).</summary>
    Down,

    /// <summary>The agent is deactivated (Mesos DEACTIVATE_AGENT).</summary>
    Deactivated,

    /// <summary>The agent is being drained (Mesos DRAIN_AGENT or a Drydock drain).</summary>
    Draining,
}
