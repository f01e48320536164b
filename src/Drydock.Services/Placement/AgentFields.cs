using Drydock.Protocol.Scheduler;
using Drydock.Services.Instances;

namespace Drydock.Services.Placement;

/// <summary>
/// What a constraint can read of an agent: its hostname, its fault domain's region and zone, and its attributes
/// formatted by <see cref="AttributeFormat"/>. Built once for an offer, or from an instance already placed.
/// </summary>
internal sealed record AgentFields(string? Hostname, string? Region, string? Zone, IReadOnlyDictionary<string, string> Attributes)
{
    public static AgentFields Of(OfferMessage offer) =>
        new(offer.Hostname, offer.Domain?.Region, offer.Domain?.Zone, AttributeFormat.Of(offer.Attributes));

    public static AgentFields Of(Instance instance) =>
        new(instance.Hostname, instance.Region, instance.Zone, instance.AgentAttributes);

    /// <summary>
    /// The value of a constraint's field: <c>hostname</c>/<c>@hostname</c>, <c>@region</c>, <c>@zone</c>, or else the
    /// attribute of that name. Null when the agent has none (no domain, no such attribute).
    /// </summary>
    public string? Read(string field) => field switch
    {
        "hostname" or "@hostname" => Hostname,
        "@region" => Region,
        "@zone" => Zone,
        _ => Attributes.TryGetValue(field, out var value) ? value : null,
    };
}
