namespace Drydock.Master.Persistence;

/// <summary>
/// DRAIN_AGENT, and the drain's later step to DRAINED: stores the agent's drain and deactivates it (admitted or
/// unreachable alike).
/// </summary>
internal sealed record DrainAgentOperation(string AgentId, DrainInfo Drain) : RegistryOperation
{
    public override string Name => Drain.State == DrainState.DRAINED ? "MarkAgentDrained" : "DrainAgent";

    public override IReadOnlyCollection<string> TouchedAgents => [AgentId];

    public override DurableState Apply(DurableState state) =>
        state.Find(AgentId) is { } agent ? state.WithAgent(agent with { Deactivated = true, Drain = Drain }) : state;
}
