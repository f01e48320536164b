namespace Drydock.Master.Persistence;

/// <summary>MARK_AGENT_GONE: the agent leaves the admitted and unreachable lists for the gone list, for good.</summary>
internal sealed record MarkAgentGoneOperation(string AgentId, DateTimeOffset Since) : RegistryOperation
{
    public override string Name => "MarkAgentGone";

    public override IReadOnlyCollection<string> TouchedAgents => [AgentId];

    public override DurableState Apply(DurableState state) => state with
    {
        Agents = state.Agents.Remove(AgentId),
        Unreachable = state.Unreachable.Remove(AgentId),
        Gone = state.Gone.SetItem(AgentId, Since),
    };
}
