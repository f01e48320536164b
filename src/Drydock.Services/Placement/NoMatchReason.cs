namespace Drydock.Services.Placement;

/// <summary>
/// Why an offer did not take (another) instance of an app, with Marathon's names (<c>NoOfferMatchReason</c>), declared
/// in its funnel order: <c>/v2/queue</c>'s <c>rejectSummaryLastOffers</c> counts each offer under the first of its reasons.
/// </summary>
internal enum NoMatchReason
{
    UnfulfilledRole,
    UnfulfilledConstraint,
    NoCorrespondingReservationFound,
    AgentMaintenance,
    InsufficientCpus,
    InsufficientMemory,
    InsufficientDisk,
    InsufficientGpus,
    InsufficientPorts,
    DeclinedScarceResources,
}
