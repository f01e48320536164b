using System.Text.Json;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Resources;

namespace Drydock.Protocol.Scheduler;

/// <summary>
/// Reads the offers and inverse offers of OFFERS and INVERSE_OFFERS events (the objects <see cref="OfferEventJson"/>
/// writes), for schedulers: the agent's address from <c>url</c>, resources with their reservations, attributes, the
/// allocation role and the machine's unavailability.
/// </summary>
public static class OfferJson
{
    /// <summary>Reads one <c>Offer</c> object.</summary>
    public static ParseResult<OfferMessage> ReadOffer(JsonElement offer) => ProtoJson.Read(offer, e => ProtoObject.ReadRoot(e, ReadOffer));

    /// <summary>Reads one <c>InverseOffer</c> object; its <c>unavailability</c> is required, as in Mesos.</summary>
    public static ParseResult<InverseOfferMessage> ReadInverseOffer(JsonElement inverseOffer) =>
        ProtoJson.Read(inverseOffer, e => ProtoObject.ReadRoot(e, ReadInverseOffer));

    internal static OfferMessage ReadOffer(ProtoObject offer)
    {
        var id = RequiredId(offer, "id");
        var framework = RequiredId(offer, "framework_id");
        var agent = RequiredId(offer, "agent_id");
        var hostname = offer.String("hostname");
        offer.Require("hostname", hostname is not null);
        var (urlHost, ip, port) = ReadUrl(offer.Message("url"));
        var role = offer.Message("allocation_info")?.String("role")
            ?? offer.Repeated("resources", r => r.Message("allocation_info")?.String("role")).FirstOrDefault(r => r is not null)
            ?? "*";
        return new OfferMessage(
            id,
            framework,
            agent,
            hostname ?? urlHost ?? string.Empty,
            ip ?? string.Empty,
            port,
            offer.Repeated("resources", r => ResourceJson.Read(r, "*")),
            offer.Repeated("attributes", ResourceJson.ReadAttribute),
            role,
            offer.Message("unavailability") is { } u ? MaintenanceJson.ReadUnavailability(u) : null);
    }

    internal static InverseOfferMessage ReadInverseOffer(ProtoObject offer)
    {
        var id = RequiredId(offer, "id");
        var framework = RequiredId(offer, "framework_id");
        var agent = offer.Message("agent_id")?.String("value") ?? string.Empty;
        var (hostname, ip, port) = ReadUrl(offer.Message("url"));
        var unavailability = offer.Message("unavailability") is { } u ? MaintenanceJson.ReadUnavailability(u) : null;
        offer.Require("unavailability", unavailability is not null);
        return new InverseOfferMessage(
            id, framework, agent, hostname ?? string.Empty, ip ?? string.Empty, port, unavailability ?? new Unavailability(new TimeInfo(0)));
    }

    private static string RequiredId(ProtoObject message, string field)
    {
        var id = message.Message(field);
        message.Require(field, id is not null);
        var value = id?.String("value");
        if (id is { } present)
        {
            present.Require("value", value is not null);
        }

        return value ?? string.Empty;
    }

    private static (string? Hostname, string? Ip, int Port) ReadUrl(ProtoObject? url)
    {
        var address = url?.Message("address");
        return (address?.String("hostname"), address?.String("ip"), address?.Int32("port") ?? 0);
    }
}
