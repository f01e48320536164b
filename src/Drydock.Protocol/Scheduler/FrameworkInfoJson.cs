using System.Text.Json;

namespace Drydock.Protocol.Scheduler;

/// <summary>Writes a <c>FrameworkInfo</c> in protobuf JSON, as the master hands it to an agent with a task.</summary>
public static class FrameworkInfoJson
{
    public static byte[] Serialize(FrameworkInfo info, string frameworkId) => JsonWriting.Build(writer =>
    {
        writer.WriteString("user", info.User);
        writer.WriteString("name", info.Name);
        JsonWriting.WriteId(writer, "id", frameworkId);
        writer.WriteNumber("failover_timeout", info.FailoverTimeoutSeconds);
        writer.WriteBoolean("checkpoint", info.Checkpoint);
        writer.WriteStartArray("roles");
        foreach (var role in info.Roles)
        {
            writer.WriteStringValue(role);
        }

        writer.WriteEndArray();
        WriteOptional(writer, "hostname", info.Hostname);
        WriteOptional(writer, "principal", info.Principal);
        WriteOptional(writer, "webui_url", info.WebuiUrl);
        writer.WriteStartArray("capabilities");
        foreach (var capability in info.Capabilities)
        {
            writer.WriteStartObject();
            writer.WriteString("type", capability);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
