namespace Drydock.Master.Persistence;

/// <summary>A framework was removed (torn down, or its failover timeout passed): the registry forgets it.</summary>
internal sealed record RemoveFrameworkOperation(string FrameworkId) : RegistryOperation
{
    public override string Name => "RemoveFramework";

    public override IReadOnlyCollection<string> TouchedAgents => [];

    public override DurableState Apply(DurableState state) =>
        state.Frameworks.ContainsKey(FrameworkId) ? state with { Frameworks = state.Frameworks.Remove(FrameworkId) } : state;
}
