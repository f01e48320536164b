namespace Drydock.Master.Persistence;

/// <summary>Removes agents from the registry (unregistered, machine DOWN, replaced at the same address).</summary>
internal sealed record RemoveAgentsOperation(IReadOnlyList<string> AgentIds) : RegistryOperation
{
    public override string Name => "RemoveAgents";

    public override IReadOnlyCollection<string> TouchedAgents => AgentIds;

    public override DurableState Apply(DurableState state) =>
        state with { Agents = state.Agents.RemoveRange(AgentIds), Unreachable = state.Unreachable.RemoveRange(AgentIds) };
}
