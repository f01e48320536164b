using Drydock.Protocol.Scheduler;

namespace Drydock.Services.Placement;

/// <summary>
/// One instance placed on an offer: the resources and host ports it takes (the TaskInfo's resources get
/// <c>allocation_info.role</c> = <see cref="OfferMessage.Role"/>), the agent's fields to keep on the instance
/// (hostname, region, zone, formatted attributes) so later rounds can count it, and how maintenance ranked the offer:
/// <see cref="MaintenanceStanding.Note"/> says which due agent was used when nothing else fitted.
/// </summary>
internal sealed record InstancePlacement(OfferMessage Offer, TakenResources Taken, AgentFields Agent, MaintenanceStanding Standing);
