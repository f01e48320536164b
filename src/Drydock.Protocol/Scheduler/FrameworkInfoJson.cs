using System.Text;
using System.Text.Json;

namespace Drydock.Protocol.Scheduler;

/// <summary>
/// A <c>FrameworkInfo</c> as protobuf JSON, both ways: SUBSCRIBE's <c>framework_info</c>, the v1 operator API's framework
/// objects, and the copy the master keeps in its registry.
/// </summary>
public static class FrameworkInfoJson
{
    /// <summary>The framework info as compact JSON, with <paramref name="id"/> as its id.</summary>
    public static string Serialize(FrameworkInfo info, string id)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, info, id);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads what <see cref="Serialize"/> wrote (or any <c>FrameworkInfo</c> JSON).</summary>
    public static ParseResult<FrameworkInfo> Parse(string json) =>
        ProtoJson.Parse(Encoding.UTF8.GetBytes(json), JsonValueKind.Object, e => ProtoObject.ReadRoot(e, Read));

    /// <summary>Writes the framework info as one JSON object value; without an id (null or empty) it has no <c>id</c> field.</summary>
    public static void Write(Utf8JsonWriter writer, FrameworkInfo info, string? id)
    {
        writer.WriteStartObject();
        writer.WriteString("user", info.User);
        writer.WriteString("name", info.Name);
        if (!string.IsNullOrEmpty(id))
        {
            JsonWriting.WriteId(writer, "id", id);
        }

        writer.WriteNumber("failover_timeout", JsonWriting.Finite(info.FailoverTimeoutSeconds));
        writer.WriteBoolean("checkpoint", info.Checkpoint);
        if (info.Roles.Count > 0)
        {
            writer.WriteStartArray("roles");
            foreach (var role in info.Roles)
            {
                writer.WriteStringValue(role);
            }

            writer.WriteEndArray();
        }

        WriteOptional(writer, "hostname", info.Hostname);
        WriteOptional(writer, "principal", info.Principal);
        WriteOptional(writer, "webui_url", info.WebuiUrl);
        if (info.Capabilities.Count > 0)
        {
            writer.WriteStartArray("capabilities");
            foreach (var capability in info.Capabilities)
            {
                writer.WriteStartObject();
                writer.WriteString("type", capability);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (info.Labels.Count > 0)
        {
            writer.WriteStartObject("labels");
            writer.WriteStartArray("labels");
            foreach (var label in info.Labels)
            {
                Label.Write(writer, label);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    internal static FrameworkInfo Read(ProtoObject info)
    {
        var user = info.String("user");
        var name = info.String("name");
        info.Require("user", user is not null);
        info.Require("name", name is not null);
        var roles = info.RepeatedStrings("roles");
        var role = info.String("role");
        return new FrameworkInfo
        {
            User = user ?? string.Empty,
            Name = name ?? string.Empty,
            Id = info.Message("id")?.String("value") is { Length: > 0 } id ? id : null,
            FailoverTimeoutSeconds = info.Double("failover_timeout") ?? 0,
            Checkpoint = info.Bool("checkpoint") ?? false,
            Roles = roles.Count > 0 ? roles : [role ?? "*"],
            Capabilities = info.Repeated("capabilities", c => c.String("type") ?? string.Empty).Where(c => c.Length > 0).ToArray(),
            Hostname = info.String("hostname"),
            WebuiUrl = info.String("webui_url"),
            Principal = info.String("principal"),
            Labels = Label.ReadList(info.Message("labels")),
        };
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
