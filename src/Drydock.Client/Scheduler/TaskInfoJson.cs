using System.Text.Json;
using Drydock.Protocol;
using Drydock.Protocol.Resources;
using Drydock.Protocol.Scheduler;

namespace Drydock.Client.Scheduler;

/// <summary>Writes a <see cref="TaskInfo"/> as Mesos <c>TaskInfo</c> protobuf JSON (ACCEPT's <c>launch.task_infos</c>).</summary>
internal static class TaskInfoJson
{
    public static void Write(Utf8JsonWriter writer, TaskInfo task)
    {
        writer.WriteStartObject();
        writer.WriteString("name", task.Name);
        JsonWriting.WriteId(writer, "task_id", task.TaskId);
        JsonWriting.WriteId(writer, "agent_id", task.AgentId);
        writer.WriteStartArray("resources");
        foreach (var resource in task.Resources)
        {
            ResourceJson.Write(writer, resource, task.AllocationRole);
        }

        writer.WriteEndArray();
        if (task.Command is { } command)
        {
            writer.WritePropertyName("command");
            WriteCommand(writer, command);
        }

        if (task.HealthCheck is { } check)
        {
            WriteHealthCheck(writer, check);
        }

        if (task.KillGracePeriod is { } grace)
        {
            writer.WriteStartObject("kill_policy");
            WriteDuration(writer, "grace_period", grace);
            writer.WriteEndObject();
        }

        WriteLabels(writer, task.Labels);
        if (task.Discovery is { } discovery)
        {
            WriteDiscovery(writer, discovery);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"name":{"nanoseconds":…}</c> (a <c>DurationInfo</c>).</summary>
    public static void WriteDuration(Utf8JsonWriter writer, string name, TimeSpan span)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("nanoseconds", span.Ticks * 100);
        writer.WriteEndObject();
    }

    private static void WriteCommand(Utf8JsonWriter writer, CommandInfo command)
    {
        writer.WriteStartObject();
        writer.WriteString("value", command.Value);
        writer.WriteBoolean("shell", command.Shell);
        if (command.Arguments.Count > 0)
        {
            writer.WriteStartArray("arguments");
            foreach (var argument in command.Arguments)
            {
                writer.WriteStringValue(argument);
            }

            writer.WriteEndArray();
        }

        Optional(writer, "user", command.User);
        if (command.Environment.Count > 0)
        {
            writer.WriteStartObject("environment");
            writer.WriteStartArray("variables");
            foreach (var (name, value) in command.Environment.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("name", name);
                writer.WriteString("type", "VALUE");
                writer.WriteString("value", value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        if (command.Uris.Count > 0)
        {
            writer.WriteStartArray("uris");
            foreach (var uri in command.Uris)
            {
                writer.WriteStartObject();
                writer.WriteString("value", uri.Value);
                Optional(writer, "executable", uri.Executable);
                Optional(writer, "extract", uri.Extract);
                Optional(writer, "cache", uri.Cache);
                Optional(writer, "output_file", uri.OutputFile);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteHealthCheck(Utf8JsonWriter writer, HealthCheck check)
    {
        writer.WriteStartObject("health_check");
        writer.WriteString("type", check.Type.ToString());
        Optional(writer, "delay_seconds", check.DelaySeconds);
        Optional(writer, "interval_seconds", check.IntervalSeconds);
        Optional(writer, "timeout_seconds", check.TimeoutSeconds);
        if (check.ConsecutiveFailures is { } failures)
        {
            writer.WriteNumber("consecutive_failures", failures);
        }

        Optional(writer, "grace_period_seconds", check.GracePeriodSeconds);
        switch (check.Type)
        {
            case HealthCheckType.COMMAND when check.Command is { } command:
                writer.WritePropertyName("command");
                WriteCommand(writer, command);
                break;
            case HealthCheckType.HTTP when check.Http is { } http:
                writer.WriteStartObject("http");
                writer.WriteNumber("port", http.Port);
                Optional(writer, "scheme", http.Scheme);
                Optional(writer, "path", http.Path);
                if (http.Statuses.Count > 0)
                {
                    writer.WriteStartArray("statuses");
                    foreach (var status in http.Statuses)
                    {
                        writer.WriteNumberValue(status);
                    }

                    writer.WriteEndArray();
                }

                Optional(writer, "protocol", http.Protocol);
                writer.WriteEndObject();
                break;
            case HealthCheckType.TCP when check.Tcp is { } tcp:
                writer.WriteStartObject("tcp");
                writer.WriteNumber("port", tcp.Port);
                Optional(writer, "protocol", tcp.Protocol);
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteDiscovery(Utf8JsonWriter writer, DiscoveryInfo discovery)
    {
        writer.WriteStartObject("discovery");
        writer.WriteString("visibility", discovery.Visibility);
        Optional(writer, "name", discovery.Name);
        Optional(writer, "environment", discovery.Environment);
        Optional(writer, "location", discovery.Location);
        Optional(writer, "version", discovery.Version);
        if (discovery.Ports.Count > 0)
        {
            writer.WriteStartObject("ports");
            writer.WriteStartArray("ports");
            foreach (var port in discovery.Ports)
            {
                writer.WriteStartObject();
                writer.WriteNumber("number", port.Number);
                Optional(writer, "name", port.Name);
                Optional(writer, "protocol", port.Protocol);
                Optional(writer, "visibility", port.Visibility);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        WriteLabels(writer, discovery.Labels);
        writer.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter writer, IReadOnlyList<Label> labels)
    {
        if (labels.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("labels");
        writer.WriteStartArray("labels");
        foreach (var label in labels)
        {
            Label.Write(writer, label);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Optional(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } set)
        {
            writer.WriteBoolean(name, set);
        }
    }

    private static void Optional(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } set)
        {
            writer.WriteNumber(name, JsonWriting.Finite(set));
        }
    }
}
