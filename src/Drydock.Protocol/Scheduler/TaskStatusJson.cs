using System.Text.Json;

namespace Drydock.Protocol.Scheduler;

/// <summary>A task status as the scheduler API carries it (Mesos <c>TaskStatus</c>, the fields Drydock sets).</summary>
public sealed record TaskStatusMessage(
    string TaskId,
    string State,
    string Source,
    string AgentId,
    double Timestamp,
    string? Uuid,
    string? Message,
    string? Reason,
    string? ExecutorId = null)
{
    /// <summary>When the task's agent was marked unreachable (Unix nanoseconds); set on TASK_UNREACHABLE and its TASK_LOST.</summary>
    public long? UnreachableTimeNanoseconds { get; init; }

    /// <summary><c>container_status</c> (a <c>ContainerStatus</c>) as the agent sent it; null when absent.</summary>
    public JsonElement? ContainerStatus { get; init; }

    /// <summary><c>healthy</c>: the task's health check result, when it has one.</summary>
    public bool? Healthy { get; init; }

    public IReadOnlyList<Label> Labels { get; init; } = [];
}

/// <summary>Writes <c>TaskStatus</c> JSON and UPDATE events, and reads the fields Drydock needs back.</summary>
public static class TaskStatusJson
{
    public static byte[] Status(TaskStatusMessage status)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteStatus(writer, status);
        }

        return buffer.ToArray();
    }

    /// <summary><c>{"type":"UPDATE","update":{"status":{...}}}</c>.</summary>
    public static byte[] Update(TaskStatusMessage status) => JsonWriting.Build(writer =>
    {
        writer.WriteString("type", "UPDATE");
        writer.WriteStartObject("update");
        writer.WritePropertyName("status");
        WriteStatus(writer, status);
        writer.WriteEndObject();
    });

    /// <summary><c>{"type":"FAILURE","failure":{"agent_id":{...}}}</c>: the agent is lost.</summary>
    public static byte[] AgentLost(string agentId) => JsonWriting.Build(writer =>
    {
        writer.WriteString("type", "FAILURE");
        writer.WriteStartObject("failure");
        JsonWriting.WriteId(writer, "agent_id", agentId);
        writer.WriteEndObject();
    });

    public static ParseResult<TaskStatusMessage> Parse(ReadOnlyMemory<byte> json) =>
        ProtoJson.Parse(json, JsonValueKind.Object, e => ProtoObject.ReadRoot(e, Read));

    /// <summary>Reads a <c>TaskStatus</c> object already parsed (an UPDATE event's <c>update.status</c>).</summary>
    public static ParseResult<TaskStatusMessage> Read(JsonElement status) => ProtoJson.Read(status, e => ProtoObject.ReadRoot(e, Read));

    internal static TaskStatusMessage Read(ProtoObject s) => new(
        s.Message("task_id")?.String("value") ?? string.Empty,
        s.String("state") ?? "TASK_LOST",
        s.String("source") ?? "SOURCE_EXECUTOR",
        s.Message("agent_id")?.String("value") ?? string.Empty,
        s.Double("timestamp") ?? 0,
        s.String("uuid"),
        s.String("message"),
        s.String("reason"),
        s.Message("executor_id")?.String("value"))
    {
        UnreachableTimeNanoseconds = s.Message("unreachable_time")?.Int64("nanoseconds"),
        ContainerStatus = s.Raw("container_status") is { ValueKind: JsonValueKind.Object } container ? container.Clone() : null,
        Healthy = s.Bool("healthy"),
        Labels = Label.ReadList(s.Message("labels")),
    };

    private static void WriteStatus(Utf8JsonWriter writer, TaskStatusMessage status)
    {
        writer.WriteStartObject();
        JsonWriting.WriteId(writer, "task_id", status.TaskId);
        writer.WriteString("state", status.State);
        writer.WriteString("source", status.Source);
        JsonWriting.WriteId(writer, "agent_id", status.AgentId);
        if (status.ExecutorId is not null)
        {
            JsonWriting.WriteId(writer, "executor_id", status.ExecutorId);
        }

        writer.WriteNumber("timestamp", JsonWriting.Finite(Math.Round(status.Timestamp, 6)));
        if (status.Uuid is not null)
        {
            writer.WriteString("uuid", status.Uuid);
        }

        if (status.Message is not null)
        {
            writer.WriteString("message", status.Message);
        }

        if (status.Reason is not null)
        {
            writer.WriteString("reason", status.Reason);
        }

        if (status.UnreachableTimeNanoseconds is { } unreachable)
        {
            writer.WriteStartObject("unreachable_time");
            writer.WriteNumber("nanoseconds", unreachable);
            writer.WriteEndObject();
        }

        if (status.Healthy is { } healthy)
        {
            writer.WriteBoolean("healthy", healthy);
        }

        if (status.Labels.Count > 0)
        {
            writer.WriteStartObject("labels");
            writer.WriteStartArray("labels");
            foreach (var label in status.Labels)
            {
                Label.Write(writer, label);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (status.ContainerStatus is { } container)
        {
            writer.WritePropertyName("container_status");
            container.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
