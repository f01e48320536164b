using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary><c>INVERSE_OFFERS</c>: the master asks for whole agents back for their machines' maintenance.</summary>
/// <param name="InverseOffers">Each inverse offer: id, agent, hostname and address, and the machine's unavailability.</param>
public sealed record InverseOffersReceived(IReadOnlyList<InverseOfferMessage> InverseOffers) : SchedulerStreamEvent("INVERSE_OFFERS");
