using System.Text;
using System.Text.Json;
using Drydock.Protocol;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary>Reads one v1 scheduler event (a RecordIO record's JSON) into its typed <see cref="SchedulerStreamEvent"/>.</summary>
public static class SchedulerEvents
{
    /// <summary>
    /// The typed event, or the reason it cannot be read (not JSON, not an object, a payload of the wrong shape). A type
    /// this client does not know is an <see cref="UnknownEvent"/>, not a failure.
    /// </summary>
    public static ParseResult<SchedulerStreamEvent> Parse(ReadOnlyMemory<byte> json)
    {
        var parsed = ProtoJson.ParseDocument(json);
        if (!parsed.Succeeded)
        {
            return ParseResult<SchedulerStreamEvent>.Fail(parsed.Error);
        }

        using var document = parsed.Value;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult<SchedulerStreamEvent>.Fail("an event must be a JSON object");
        }

        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? string.Empty : string.Empty;
        try
        {
            return type switch
            {
                "SUBSCRIBED" => ParseResult<SchedulerStreamEvent>.Ok(ReadSubscribed(Payload(root, "subscribed"))),
                "OFFERS" => ReadList(Payload(root, "offers"), "offers", OfferJson.ReadOffer, list => new OffersReceived(list)),
                "INVERSE_OFFERS" => ReadList(Payload(root, "inverse_offers"), "inverse_offers", OfferJson.ReadInverseOffer, list => new InverseOffersReceived(list)),
                "RESCIND" => ParseResult<SchedulerStreamEvent>.Ok(new OfferRescinded(RequiredId(Payload(root, "rescind"), "offer_id"))),
                "RESCIND_INVERSE_OFFER" => ParseResult<SchedulerStreamEvent>.Ok(
                    new InverseOfferRescinded(RequiredId(Payload(root, "rescind_inverse_offer"), "inverse_offer_id"))),
                "UPDATE" => ReadUpdate(Payload(root, "update")),
                "MESSAGE" => ParseResult<SchedulerStreamEvent>.Ok(ReadMessage(Payload(root, "message"))),
                "FAILURE" => ParseResult<SchedulerStreamEvent>.Ok(ReadFailure(Payload(root, "failure"))),
                "ERROR" => ParseResult<SchedulerStreamEvent>.Ok(new MasterError(String(Payload(root, "error"), "message") ?? string.Empty)),
                "HEARTBEAT" => ParseResult<SchedulerStreamEvent>.Ok(new HeartbeatReceived()),
                _ => ParseResult<SchedulerStreamEvent>.Ok(new UnknownEvent(type, Encoding.UTF8.GetString(json.Span))),
            };
        }
        catch (FormatException e)
        {
            return ParseResult<SchedulerStreamEvent>.Fail($"{type}: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            return ParseResult<SchedulerStreamEvent>.Fail($"{type}: {e.Message}");
        }
    }

    private static JsonElement Payload(JsonElement root, string name) =>
        root.TryGetProperty(name, out var payload) && payload.ValueKind == JsonValueKind.Object
            ? payload
            : throw new FormatException($"expecting '{name}' to be an object");

    private static Subscribed ReadSubscribed(JsonElement subscribed)
    {
        var interval = subscribed.TryGetProperty("heartbeat_interval_seconds", out var seconds) && seconds.ValueKind == JsonValueKind.Number
            ? seconds.GetDouble()
            : 0;
        var masterId = subscribed.TryGetProperty("master_info", out var master) && master.ValueKind == JsonValueKind.Object ? String(master, "id") : null;
        return new Subscribed(
            RequiredId(subscribed, "framework_id"),
            double.IsFinite(interval) && interval > 0 && interval < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(interval) : TimeSpan.Zero,
            masterId);
    }

    private static ParseResult<SchedulerStreamEvent> ReadList<T>(
        JsonElement payload, string name, Func<JsonElement, ParseResult<T>> read, Func<IReadOnlyList<T>, SchedulerStreamEvent> make)
    {
        var items = new List<T>();
        if (payload.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                var one = read(item);
                if (!one.Succeeded)
                {
                    return ParseResult<SchedulerStreamEvent>.Fail($"{name}[{items.Count}]: {one.Error}");
                }

                items.Add(one.Value);
            }
        }

        return ParseResult<SchedulerStreamEvent>.Ok(make(items));
    }

    private static ParseResult<SchedulerStreamEvent> ReadUpdate(JsonElement update)
    {
        if (!update.TryGetProperty("status", out var status))
        {
            return ParseResult<SchedulerStreamEvent>.Fail("UPDATE: expecting 'status' to be present");
        }

        var read = TaskStatusJson.Read(status);
        return read.Succeeded ? ParseResult<SchedulerStreamEvent>.Ok(new StatusUpdate(read.Value)) : ParseResult<SchedulerStreamEvent>.Fail("UPDATE: " + read.Error);
    }

    private static FrameworkMessageReceived ReadMessage(JsonElement message)
    {
        var data = String(message, "data");
        return new FrameworkMessageReceived(
            Id(message, "agent_id") ?? string.Empty,
            Id(message, "executor_id") ?? string.Empty,
            data is null ? ReadOnlyMemory<byte>.Empty : Convert.FromBase64String(data));
    }

    private static FailureReceived ReadFailure(JsonElement failure) => new(
        Id(failure, "agent_id"),
        Id(failure, "executor_id"),
        failure.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.TryGetInt32(out var code) ? code : null);

    private static string RequiredId(JsonElement message, string field) =>
        Id(message, field) ?? throw new FormatException($"expecting '{field}' to be present");

    private static string? Id(JsonElement message, string field) =>
        message.TryGetProperty(field, out var id) && id.ValueKind == JsonValueKind.Object ? String(id, "value") : null;

    private static string? String(JsonElement message, string field) =>
        message.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
