using Drydock.Protocol.Scheduler;

namespace Drydock.Services.Placement;

/// <summary>
/// A machine or agent as a maintenance source names it: by agent id, hostname (case ignored) or IP, any of them. It
/// names an offer when any given part matches: placement would rather avoid one agent too many than miss one.
/// </summary>
internal sealed record MachineRef(string? AgentId = null, string? Hostname = null, string? Ip = null)
{
    public bool Names(OfferMessage offer) =>
        (AgentId is not null && AgentId == offer.AgentId)
        || (Hostname is not null && string.Equals(Hostname, offer.Hostname, StringComparison.OrdinalIgnoreCase))
        || (Ip is not null && Ip == offer.AgentIp);

    public override string ToString() => AgentId ?? Hostname ?? Ip ?? "-";
}
