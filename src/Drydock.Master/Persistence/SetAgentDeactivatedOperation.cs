namespace Drydock.Master.Persistence;

/// <summary>DEACTIVATE_AGENT / REACTIVATE_AGENT: sets an admitted or unreachable agent's deactivated flag.</summary>
internal sealed record SetAgentDeactivatedOperation(string AgentId, bool Deactivated) : RegistryOperation
{
    public override string Name => Deactivated ? "DeactivateAgent" : "ReactivateAgent";

    public override DurableState Apply(DurableState state) =>
        state.Agents.TryGetValue(AgentId, out var agent)
            ? state with { Agents = state.Agents.SetItem(AgentId, agent with { Deactivated = Deactivated }) }
            : state.Unreachable.TryGetValue(AgentId, out var unreachable)
                ? state with { Unreachable = state.Unreachable.SetItem(AgentId, unreachable with { Agent = unreachable.Agent with { Deactivated = Deactivated } }) }
                : state;
}
