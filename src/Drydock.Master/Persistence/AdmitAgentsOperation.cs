namespace Drydock.Master.Persistence;

/// <summary>
/// Admits several new agents in one durable write: the registrations that arrived while the previous write was on
/// its way to disk.
/// </summary>
internal sealed record AdmitAgentsOperation(IReadOnlyList<AdmittedAgent> Agents) : RegistryOperation
{
    public override string Name => "AdmitAgents";

    public override IReadOnlyCollection<string> TouchedAgents => Agents.Select(a => a.Id).ToArray();

    public override DurableState Apply(DurableState state) => state with
    {
        Agents = state.Agents.SetItems(Agents.Select(a => KeyValuePair.Create(a.Id, a))),
        Unreachable = state.Unreachable.RemoveRange(Agents.Select(a => a.Id)),
    };
}
