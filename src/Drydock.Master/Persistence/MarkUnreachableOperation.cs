namespace Drydock.Master.Persistence;

/// <summary>Moves admitted agents to the unreachable list, stamped with when they were marked.</summary>
internal sealed record MarkUnreachableOperation(IReadOnlyList<string> AgentIds, DateTimeOffset Since) : RegistryOperation
{
    public override string Name => "MarkUnreachable";

    public override IReadOnlyCollection<string> TouchedAgents => AgentIds;

    public override DurableState Apply(DurableState state)
    {
        var unreachable = state.Unreachable;
        foreach (var id in AgentIds)
        {
            if (state.Agents.TryGetValue(id, out var agent))
            {
                unreachable = unreachable.SetItem(id, new UnreachableAgent(agent, Since));
            }
        }

        return state with { Agents = state.Agents.RemoveRange(AgentIds), Unreachable = unreachable };
    }
}
