namespace Drydock.Services.Placement;

/// <summary>
/// The outcome of one round: the placements in the order they were made, and one outcome per offer of the request (same
/// order). <see cref="Unplaced"/> instances found no offer.
/// </summary>
internal sealed record PlacementResult(IReadOnlyList<InstancePlacement> Placements, IReadOnlyList<OfferOutcome> Offers, int Unplaced);
