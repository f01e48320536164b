namespace Drydock.Master.Persistence;

/// <summary>
/// DEACTIVATE_AGENT / REACTIVATE_AGENT: sets an admitted or unreachable agent's deactivated flag. Reactivating also
/// ends a finished drain.
/// </summary>
internal sealed record SetAgentDeactivatedOperation(string AgentId, bool Deactivated) : RegistryOperation
{
    public override string Name => Deactivated ? "DeactivateAgent" : "ReactivateAgent";

    public override IReadOnlyCollection<string> TouchedAgents => [AgentId];

    public override DurableState Apply(DurableState state) =>
        state.Find(AgentId) is { } agent
            ? state.WithAgent(agent with { Deactivated = Deactivated, Drain = Deactivated ? agent.Drain : null })
            : state;
}
