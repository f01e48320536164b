using Drydock.Protocol.Scheduler;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Placement;

/// <summary>
/// One round of placement for one app: up to <paramref name="Count"/> new instances over the offers held.
/// <see cref="Instances"/> are the app's instances; the active ones count for constraints and spreading.
/// </summary>
internal sealed record PlacementRequest(AppDefinition App, int Count, IReadOnlyList<OfferMessage> Offers)
{
    /// <summary>Marathon's <c>--max_instances_per_offer</c> default (DC/OS sets 100).</summary>
    public const int DefaultMaxPerOffer = 5;

    public IReadOnlyList<Instance> Instances { get; init; } = [];

    public MaintenanceView Maintenance { get; init; } = MaintenanceView.Empty;

    /// <summary>At most this many instances go on one offer in one round (<c>--max_instances_per_offer</c>).</summary>
    public int MaxPerOffer { get; init; } = DefaultMaxPerOffer;
}
