namespace Drydock.Master.Persistence;

/// <summary>
/// Admits an agent, or records the new info of an agent that re-registered with a changed one. An unreachable agent
/// that comes back leaves the unreachable list.
/// </summary>
internal sealed record AdmitAgentOperation(AdmittedAgent Agent) : RegistryOperation
{
    public override string Name => "AdmitAgent";

    public override IReadOnlyCollection<string> TouchedAgents => [Agent.Id];

    public override DurableState Apply(DurableState state) =>
        state with { Agents = state.Agents.SetItem(Agent.Id, Agent), Unreachable = state.Unreachable.Remove(Agent.Id) };
}
