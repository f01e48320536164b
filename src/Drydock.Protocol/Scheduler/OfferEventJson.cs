using System.Text.Json;
using Drydock.Protocol.Maintenance;
using Drydock.Protocol.Resources;

namespace Drydock.Protocol.Scheduler;

/// <summary>An offer as the scheduler API sends it (wire rule 9).</summary>
public sealed record OfferMessage(
    string Id,
    string FrameworkId,
    string AgentId,
    string Hostname,
    string AgentIp,
    int AgentPort,
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<Resources.Attribute> Attributes,
    string Role,
    Unavailability? Unavailability)
{
    /// <summary>The agent's fault domain when it has one (<c>domain</c> in the offer); the <c>@region</c>/<c>@zone</c> of constraints.</summary>
    public FaultDomain? Domain { get; init; }
}

/// <summary>
/// An inverse offer: the framework is asked to give the whole agent back for the machine's unavailability (Mesos sends
/// an empty resource list for maintenance, meaning the whole agent).
/// </summary>
public sealed record InverseOfferMessage(
    string Id,
    string FrameworkId,
    string AgentId,
    string Hostname,
    string AgentIp,
    int AgentPort,
    Unavailability Unavailability);

/// <summary>Writes OFFERS and RESCIND events: <c>{"type":"OFFERS","offers":{"offers":[...]}}</c> (the proto nests the list).</summary>
public static class OfferEventJson
{
    public static byte[] Offers(IReadOnlyList<OfferMessage> offers) => ListEvent("OFFERS", offers, WriteOffer);

    public static byte[] Rescind(string offerId) => IdEvent("RESCIND", "offer_id", offerId);

    /// <summary><c>{"type":"INVERSE_OFFERS","inverse_offers":{"inverse_offers":[...]}}</c>.</summary>
    public static byte[] InverseOffers(IReadOnlyList<InverseOfferMessage> offers) => ListEvent("INVERSE_OFFERS", offers, (writer, offer) =>
    {
        writer.WriteStartObject();
        JsonWriting.WriteId(writer, "id", offer.Id);
        WriteUrl(writer, offer.Hostname, offer.AgentIp, offer.AgentPort);
        JsonWriting.WriteId(writer, "framework_id", offer.FrameworkId);
        JsonWriting.WriteId(writer, "agent_id", offer.AgentId);
        writer.WritePropertyName("unavailability");
        writer.WriteRawValue(MesosJson.Serialize(offer.Unavailability));
        writer.WriteStartArray("resources");
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary><c>{"type":"RESCIND_INVERSE_OFFER","rescind_inverse_offer":{"inverse_offer_id":{...}}}</c>.</summary>
    public static byte[] RescindInverseOffer(string inverseOfferId) => IdEvent("RESCIND_INVERSE_OFFER", "inverse_offer_id", inverseOfferId);

    /// <summary><c>{"type":"T","t":{"t":[...]}}</c>: the proto nests the list one level below the payload.</summary>
    private static byte[] ListEvent<T>(string type, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write) => JsonWriting.Build(writer =>
    {
        var name = type.ToLowerInvariant();
        writer.WriteString("type", type);
        writer.WriteStartObject(name);
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            write(writer, item);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary><c>{"type":"T","t":{"field":{"value":id}}}</c>.</summary>
    private static byte[] IdEvent(string type, string field, string id) => JsonWriting.Build(writer =>
    {
        writer.WriteString("type", type);
        writer.WriteStartObject(type.ToLowerInvariant());
        JsonWriting.WriteId(writer, field, id);
        writer.WriteEndObject();
    });

    private static void WriteUrl(Utf8JsonWriter writer, string hostname, string ip, int port)
    {
        writer.WriteStartObject("url");
        writer.WriteString("scheme", "http");
        writer.WriteStartObject("address");
        writer.WriteString("hostname", hostname);
        writer.WriteString("ip", ip);
        writer.WriteNumber("port", port);
        writer.WriteEndObject();
        writer.WriteString("path", "/slave(1)");
        writer.WriteEndObject();
    }

    private static void WriteOffer(Utf8JsonWriter writer, OfferMessage offer)
    {
        writer.WriteStartObject();
        JsonWriting.WriteId(writer, "id", offer.Id);
        JsonWriting.WriteId(writer, "framework_id", offer.FrameworkId);
        JsonWriting.WriteId(writer, "agent_id", offer.AgentId);
        writer.WriteString("hostname", offer.Hostname);
        WriteUrl(writer, offer.Hostname, offer.AgentIp, offer.AgentPort);
        writer.WriteStartArray("resources");
        foreach (var resource in offer.Resources)
        {
            ResourceJson.Write(writer, resource, offer.Role);
        }

        writer.WriteEndArray();
        if (offer.Attributes.Count > 0)
        {
            writer.WriteStartArray("attributes");
            foreach (var attribute in offer.Attributes)
            {
                ResourceJson.Write(writer, attribute);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject("allocation_info");
        writer.WriteString("role", offer.Role);
        writer.WriteEndObject();
        if (offer.Unavailability is { } unavailability)
        {
            writer.WritePropertyName("unavailability");
            writer.WriteRawValue(MesosJson.Serialize(unavailability));
        }

        if (offer.Domain is { } domain)
        {
            writer.WriteStartObject("domain");
            writer.WriteStartObject("fault_domain");
            writer.WriteStartObject("region");
            writer.WriteString("name", domain.Region);
            writer.WriteEndObject();
            writer.WriteStartObject("zone");
            writer.WriteString("name", domain.Zone);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
