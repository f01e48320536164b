using System.Collections.Immutable;
using Drydock.Protocol.Maintenance;

namespace Drydock.Master.Persistence;

/// <summary>
/// Everything the master keeps across restarts, as one immutable value. Operations turn one value into the
/// next; the store writes the difference durably before the new value is published.
/// </summary>
internal sealed record DurableState(
    MaintenanceSchedule Schedule,
    ImmutableDictionary<MachineId, MachineInfo> Machines,
    ImmutableDictionary<string, AdmittedAgent> Agents)
{
    public static DurableState Empty { get; } = new(
        MaintenanceSchedule.Empty,
        ImmutableDictionary<MachineId, MachineInfo>.Empty,
        ImmutableDictionary<string, AdmittedAgent>.Empty);

    /// <summary>Agents marked unreachable (health checks failed, or no re-registration in time), with when.</summary>
    public ImmutableDictionary<string, UnreachableAgent> Unreachable { get; init; } = ImmutableDictionary<string, UnreachableAgent>.Empty;

    /// <summary>Agents marked gone (MARK_AGENT_GONE, or a drain with <c>mark_gone</c>), with when: they never return.</summary>
    public ImmutableDictionary<string, DateTimeOffset> Gone { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The agent as the registry holds it, admitted or unreachable; null when it holds neither.</summary>
    public AdmittedAgent? Find(string agentId) =>
        Agents.TryGetValue(agentId, out var agent) ? agent
        : Unreachable.TryGetValue(agentId, out var unreachable) ? unreachable.Agent
        : null;

    /// <summary>Replaces an agent held as admitted or unreachable, wherever it is held.</summary>
    public DurableState WithAgent(AdmittedAgent agent) =>
        Agents.ContainsKey(agent.Id) ? this with { Agents = Agents.SetItem(agent.Id, agent) }
        : Unreachable.TryGetValue(agent.Id, out var unreachable) ? this with { Unreachable = Unreachable.SetItem(agent.Id, unreachable with { Agent = agent }) }
        : this;

    /// <summary>The frameworks that subscribed and were not removed since, by id.</summary>
    public ImmutableDictionary<string, StoredFramework> Frameworks { get; init; } = ImmutableDictionary<string, StoredFramework>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>
    /// Role weights set through UPDATE_WEIGHTS (the <c>--weights</c> in force at the first update included); null until
    /// the first update, while <c>--weights</c> applies.
    /// </summary>
    public ImmutableSortedDictionary<string, double>? Weights { get; init; }

    public MachineMode ModeOf(MachineId machine) =>
        Machines.TryGetValue(machine, out var info) ? info.Mode : MachineMode.UP;
}
