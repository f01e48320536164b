using System.Text.Json;
using Drydock.Protocol;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary>Writes the v1 scheduler calls as protobuf JSON: <c>{"framework_id":…,"type":"KILL","kill":{…}}</c>.</summary>
internal static class SchedulerCallJson
{
    public static byte[] Subscribe(FrameworkInfo framework) => JsonWriting.Build(writer =>
    {
        if (!string.IsNullOrEmpty(framework.Id))
        {
            JsonWriting.WriteId(writer, "framework_id", framework.Id);
        }

        writer.WriteString("type", "SUBSCRIBE");
        writer.WriteStartObject("subscribe");
        writer.WritePropertyName("framework_info");
        FrameworkInfoJson.Write(writer, framework, framework.Id);
        writer.WriteEndObject();
    });

    public static byte[] Accept(string frameworkId, IReadOnlyList<string> offerIds, IReadOnlyList<TaskInfo> launches, Filters? filters) =>
        Call(frameworkId, "ACCEPT", writer =>
        {
            Ids(writer, "offer_ids", offerIds);
            writer.WriteStartArray("operations");
            if (launches.Count > 0)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "LAUNCH");
                writer.WriteStartObject("launch");
                writer.WriteStartArray("task_infos");
                foreach (var task in launches)
                {
                    TaskInfoJson.Write(writer, task);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteFilters(writer, filters);
        });

    public static byte[] Decline(string frameworkId, IReadOnlyList<string> offerIds, Filters? filters) =>
        Call(frameworkId, "DECLINE", writer =>
        {
            Ids(writer, "offer_ids", offerIds);
            WriteFilters(writer, filters);
        });

    public static byte[] AnswerInverseOffers(string frameworkId, bool accept, IReadOnlyList<string> inverseOfferIds, Filters? filters) =>
        Call(frameworkId, accept ? "ACCEPT_INVERSE_OFFERS" : "DECLINE_INVERSE_OFFERS", writer =>
        {
            Ids(writer, "inverse_offer_ids", inverseOfferIds);
            WriteFilters(writer, filters);
        });

    public static byte[] Kill(string frameworkId, string taskId, string? agentId, TimeSpan? gracePeriod) =>
        Call(frameworkId, "KILL", writer =>
        {
            JsonWriting.WriteId(writer, "task_id", taskId);
            if (agentId is not null)
            {
                JsonWriting.WriteId(writer, "agent_id", agentId);
            }

            if (gracePeriod is { } grace)
            {
                writer.WriteStartObject("kill_policy");
                TaskInfoJson.WriteDuration(writer, "grace_period", grace);
                writer.WriteEndObject();
            }
        });

    public static byte[] Acknowledge(string frameworkId, string agentId, string taskId, string uuid) =>
        Call(frameworkId, "ACKNOWLEDGE", writer =>
        {
            JsonWriting.WriteId(writer, "agent_id", agentId);
            JsonWriting.WriteId(writer, "task_id", taskId);
            writer.WriteString("uuid", uuid);
        });

    public static byte[] Reconcile(string frameworkId, IReadOnlyList<(string TaskId, string? AgentId)> tasks) =>
        Call(frameworkId, "RECONCILE", writer =>
        {
            writer.WriteStartArray("tasks");
            foreach (var (taskId, agentId) in tasks)
            {
                writer.WriteStartObject();
                JsonWriting.WriteId(writer, "task_id", taskId);
                if (agentId is not null)
                {
                    JsonWriting.WriteId(writer, "agent_id", agentId);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    /// <summary>REVIVE or SUPPRESS, for the given roles (none: every role of the framework).</summary>
    public static byte[] Roles(string frameworkId, string type, IReadOnlyList<string> roles) => roles.Count == 0
        ? Call(frameworkId, type, null)
        : Call(frameworkId, type, writer =>
        {
            writer.WriteStartArray("roles");
            foreach (var role in roles)
            {
                writer.WriteStringValue(role);
            }

            writer.WriteEndArray();
        });

    public static byte[] Teardown(string frameworkId) => Call(frameworkId, "TEARDOWN", null);

    private static byte[] Call(string frameworkId, string type, Action<Utf8JsonWriter>? payload) => JsonWriting.Build(writer =>
    {
        JsonWriting.WriteId(writer, "framework_id", frameworkId);
        writer.WriteString("type", type);
        if (payload is not null)
        {
            writer.WriteStartObject(type.ToLowerInvariant());
            payload(writer);
            writer.WriteEndObject();
        }
    });

    private static void Ids(Utf8JsonWriter writer, string name, IReadOnlyList<string> ids)
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

    private static void WriteFilters(Utf8JsonWriter writer, Filters? filters)
    {
        if (filters is not null)
        {
            writer.WriteStartObject("filters");
            writer.WriteNumber("refuse_seconds", JsonWriting.Finite(filters.RefuseSeconds));
            writer.WriteEndObject();
        }
    }
}
