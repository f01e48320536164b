using Drydock.Master.Persistence;
using Drydock.Master.Registry;
using Drydock.Protocol;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Resources;
using Drydock.Protocol.State;

namespace Drydock.Master.Api;

/// <summary>Agents as the v0 state endpoints show them.</summary>
internal static class AgentStateView
{
    public static AgentState From(RegisteredAgent agent, IReadOnlyList<Resource> used, AdmittedAgent? admitted)
    {
        var resources = agent.Info.Resources;
        var deactivated = admitted?.Deactivated == true;
        var drain = admitted?.Drain;
        return new AgentState
        {
            Id = agent.Id,
            Hostname = agent.Info.Hostname,
            Port = agent.Info.Port,
            Pid = agent.Pid,
            RegisteredTime = UnixTime.Seconds(agent.RegisteredTime),
            ReregisteredTime = agent.ReregisteredTime is { } r ? UnixTime.Seconds(r) : null,
            Attributes = StateFormat.Attributes(agent.Info.Attributes),
            Resources = StateFormat.Resources(resources),
            UsedResources = StateFormat.Resources(used),
            OfferedResources = StateFormat.Resources([]),
            ReservedResources = resources.Where(x => x.IsReserved).GroupBy(x => x.Role)
                .ToDictionary(g => g.Key, g => StateFormat.Resources(g)),
            UnreservedResources = StateFormat.Resources(resources.Where(x => !x.IsReserved)),
            Active = agent.Connected && !deactivated,
            Deactivated = deactivated,
            Version = agent.Version,
            Capabilities = agent.Capabilities,
            DrainInfo = drain is null ? null : new DrainInfoState(
                drain.State.ToString(),
                new DrainConfigState(drain.MaxGracePeriodNanoseconds is { } grace ? new DurationInfo(grace) : null, drain.MarkGone)),
            EstimatedDrainStartTimeSeconds = drain?.Started.ToUnixTimeSeconds(),
        };
    }

    public static AgentSummary From(AdmittedAgent agent) =>
        new(agent.Id, agent.Info.Hostname, agent.Info.Port, StateFormat.Attributes(agent.Info.Attributes));
}
