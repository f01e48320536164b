using System.Text.Json;
using Drydock.Protocol;

namespace Drydock.Bench.Simulation;

/// <summary>The v1 scheduler calls a simulated framework makes, as JSON bodies for <c>POST /api/v1/scheduler</c>.</summary>
internal static class SchedulerCallJson
{
    /// <summary>SUBSCRIBE a new framework: user root, checkpointing, a failover timeout of an hour, MULTI_ROLE.</summary>
    public static byte[] Subscribe(string name, IReadOnlyList<string> roles) => JsonWriting.Build(writer =>
    {
        writer.WriteString("type", "SUBSCRIBE");
        writer.WriteStartObject("subscribe");
        writer.WriteStartObject("framework_info");
        writer.WriteString("user", "root");
        writer.WriteString("name", name);
        writer.WriteStartArray("roles");
        foreach (var role in roles)
        {
            writer.WriteStringValue(role);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("checkpoint", true);
        writer.WriteNumber("failover_timeout", 3600);
        writer.WriteStartArray("capabilities");
        writer.WriteStartObject();
        writer.WriteString("type", "MULTI_ROLE");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>ACCEPT one offer with one LAUNCH of the given tasks (shell <c>sleep 3600</c>, which simulated agents do not run).</summary>
    public static byte[] Accept(string frameworkId, HeldOffer offer, IReadOnlyList<SimulatedTask> tasks, double refuseSeconds) =>
        Call(frameworkId, "ACCEPT", writer =>
        {
            WriteIds(writer, "offer_ids", [offer.Id]);
            writer.WriteStartArray("operations");
            writer.WriteStartObject();
            writer.WriteString("type", "LAUNCH");
            writer.WriteStartObject("launch");
            writer.WriteStartArray("task_infos");
            foreach (var task in tasks)
            {
                writer.WriteStartObject();
                writer.WriteString("name", task.TaskId);
                JsonWriting.WriteId(writer, "task_id", task.TaskId);
                JsonWriting.WriteId(writer, "agent_id", offer.AgentId);
                writer.WriteStartArray("resources");
                WriteScalar(writer, "cpus", task.Cpus);
                WriteScalar(writer, "mem", task.MemMiB);
                writer.WriteEndArray();
                writer.WriteStartObject("command");
                writer.WriteString("value", "sleep 3600");
                writer.WriteBoolean("shell", true);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteFilters(writer, refuseSeconds);
        });

    public static byte[] Decline(string frameworkId, IReadOnlyList<string> offerIds, double refuseSeconds) =>
        Call(frameworkId, "DECLINE", writer =>
        {
            WriteIds(writer, "offer_ids", offerIds);
            WriteFilters(writer, refuseSeconds);
        });

    /// <summary>ACCEPT_INVERSE_OFFERS or DECLINE_INVERSE_OFFERS.</summary>
    public static byte[] AnswerInverseOffers(string frameworkId, IReadOnlyList<string> inverseOfferIds, bool accept, double refuseSeconds) =>
        Call(frameworkId, accept ? "ACCEPT_INVERSE_OFFERS" : "DECLINE_INVERSE_OFFERS", writer =>
        {
            WriteIds(writer, "inverse_offer_ids", inverseOfferIds);
            WriteFilters(writer, refuseSeconds);
        });

    public static byte[] Acknowledge(string frameworkId, string agentId, string taskId, string uuid) =>
        Call(frameworkId, "ACKNOWLEDGE", writer =>
        {
            JsonWriting.WriteId(writer, "agent_id", agentId);
            JsonWriting.WriteId(writer, "task_id", taskId);
            writer.WriteString("uuid", uuid);
        });

    public static byte[] Teardown(string frameworkId) => Call(frameworkId, "TEARDOWN", null);

    /// <summary><c>{"framework_id":..,"type":TYPE,"type":{...}}</c>, the payload written by <paramref name="body"/> if any.</summary>
    private static byte[] Call(string frameworkId, string type, Action<Utf8JsonWriter>? body) => JsonWriting.Build(writer =>
    {
        JsonWriting.WriteId(writer, "framework_id", frameworkId);
        writer.WriteString("type", type);
        if (body is not null)
        {
            writer.WriteStartObject(type.ToLowerInvariant());
            body(writer);
            writer.WriteEndObject();
        }
    });

    private static void WriteIds(Utf8JsonWriter writer, string name, IReadOnlyList<string> ids)
    {
        writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            writer.WriteStartObject();
            writer.WriteString("value", id);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteScalar(Utf8JsonWriter writer, string name, double value)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("type", "SCALAR");
        writer.WriteStartObject("scalar");
        writer.WriteNumber("value", value);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteFilters(Utf8JsonWriter writer, double refuseSeconds)
    {
        writer.WriteStartObject("filters");
        writer.WriteNumber("refuse_seconds", refuseSeconds);
        writer.WriteEndObject();
    }
}
