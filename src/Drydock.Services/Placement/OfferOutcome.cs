using Drydock.Protocol.Scheduler;

namespace Drydock.Services.Placement;

/// <summary>
/// What a round did with one offer: how many instances it took, why it took no (more) (<see cref="Reasons"/>, empty
/// when it still fitted but was not needed), and its maintenance standing. An offer with <see cref="Placed"/> 0 is an
/// unused offer for <c>/v2/queue</c>'s <c>processedOffersSummary</c> and <c>lastUnusedOffers</c>.
/// </summary>
internal sealed record OfferOutcome(OfferMessage Offer, int Placed, ReasonSet Reasons, MaintenanceStanding Standing);
