using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary><c>OFFERS</c>: resources of agents offered to the framework until it answers them or they are rescinded.</summary>
/// <param name="Offers">Each offer: id, agent, hostname and address, resources with their roles, attributes, allocation role, unavailability.</param>
public sealed record OffersReceived(IReadOnlyList<OfferMessage> Offers) : SchedulerStreamEvent("OFFERS");
