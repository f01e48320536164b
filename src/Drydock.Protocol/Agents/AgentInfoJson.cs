using System.Text.Json;
using Drydock.Protocol.Resources;

namespace Drydock.Protocol.Agents;

/// <summary>Mesos <c>AgentInfo</c> in protobuf JSON, as the agent checkpoints it in <c>slave.info</c>.</summary>
public static class AgentInfoJson
{
    public static byte[] Serialize(AgentInfo info, string? agentId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("hostname", info.Hostname);
            writer.WriteNumber("port", info.Port);
            writer.WriteStartArray("resources");
            foreach (var resource in info.Resources)
            {
                ResourceJson.Write(writer, resource);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("attributes");
            foreach (var attribute in info.Attributes)
            {
                ResourceJson.Write(writer, attribute);
            }

            writer.WriteEndArray();
            if (agentId is not null)
            {
                writer.WriteStartObject("id");
                writer.WriteString("value", agentId);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads an agent info and its id (when present).</summary>
    public static ParseResult<(AgentInfo Info, string? Id)> Parse(ReadOnlyMemory<byte> json) =>
        ProtoJson.Parse(json, JsonValueKind.Object, e => ProtoObject.ReadRoot(e, info =>
        {
            var hostname = info.String("hostname");
            info.Require("hostname", hostname is not null);
            var agentInfo = new AgentInfo(
                hostname ?? string.Empty,
                info.Int32("port") ?? 5051,
                info.Repeated("resources", r => ResourceJson.Read(r, "*")),
                info.Repeated("attributes", ResourceJson.ReadAttribute));
            return (agentInfo, info.Message("id")?.String("value"));
        }));
}
