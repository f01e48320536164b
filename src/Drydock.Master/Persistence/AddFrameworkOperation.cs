namespace Drydock.Master.Persistence;

/// <summary>
/// A framework subscribed (or re-subscribed with a changed <c>FrameworkInfo</c>): its id and info are kept, so a restarted
/// master still knows it. Written before the SUBSCRIBED reply. A framework already stored keeps its registration time.
/// </summary>
internal sealed record AddFrameworkOperation(StoredFramework Framework) : RegistryOperation
{
    public override string Name => "AddFramework";

    public override IReadOnlyCollection<string> TouchedAgents => [];

    public override DurableState Apply(DurableState state)
    {
        var stored = state.Frameworks.TryGetValue(Framework.Id, out var known) ? Framework with { RegisteredTime = known.RegisteredTime } : Framework;
        return stored == known ? state : state with { Frameworks = state.Frameworks.SetItem(stored.Id, stored) };
    }
}
