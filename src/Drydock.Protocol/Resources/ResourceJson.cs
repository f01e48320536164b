using System.Text.Json;

namespace Drydock.Protocol.Resources;

/// <summary>
/// Mesos <c>Resource</c> and <c>Attribute</c> in protobuf JSON:
/// <c>{"name":"cpus","type":"SCALAR","scalar":{"value":4},"role":"*"}</c>,
/// <c>{"name":"rack","type":"TEXT","text":{"value":"r1"}}</c>.
/// </summary>
public static class ResourceJson
{
    /// <summary>Writes a resource; with <paramref name="allocationRole"/>, also the role it is allocated to (offers, tasks).</summary>
    public static void Write(Utf8JsonWriter writer, Resource resource, string? allocationRole = null)
    {
        writer.WriteStartObject();
        writer.WriteString("name", resource.Name);
        WriteValue(writer, resource.Value);
        writer.WriteString("role", resource.Role);
        if (resource.IsReserved)
        {
            writer.WriteStartArray("reservations");
            writer.WriteStartObject();
            writer.WriteString("type", "STATIC");
            writer.WriteString("role", resource.Role);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (allocationRole is not null)
        {
            writer.WriteStartObject("allocation_info");
            writer.WriteString("role", allocationRole);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, Attribute attribute)
    {
        writer.WriteStartObject();
        writer.WriteString("name", attribute.Name);
        WriteValue(writer, attribute.Value);
        writer.WriteEndObject();
    }

    internal static Resource Read(ProtoObject resource, string defaultRole)
    {
        var name = resource.String("name");
        var type = resource.Enum<ValueType>("type");
        resource.Require("name", name is not null);
        resource.Require("type", type is not null);
        var value = ReadValue(resource, type ?? ValueType.SCALAR);
        var reserved = resource.Repeated("reservations", r => r.String("role")).LastOrDefault(r => r is not null);
        var role = reserved ?? resource.String("role") ?? defaultRole;
        return new Resource(name ?? string.Empty, value, role);
    }

    internal static Attribute ReadAttribute(ProtoObject attribute)
    {
        var name = attribute.String("name");
        var type = attribute.Enum<ValueType>("type");
        attribute.Require("name", name is not null);
        attribute.Require("type", type is not null);
        return new Attribute(name ?? string.Empty, ReadValue(attribute, type ?? ValueType.TEXT));
    }

    internal static Value ReadValue(ProtoObject holder, ValueType type) => type switch
    {
        ValueType.SCALAR => Value.OfScalar(holder.Message("scalar")?.Double("value") ?? 0),
        ValueType.RANGES => Value.OfRanges(holder.Message("ranges")?.Repeated("range", r => new ValueRange(r.Int64("begin") ?? 0, r.Int64("end") ?? 0)) ?? []),
        ValueType.SET => Value.OfSet(holder.Message("set")?.RepeatedStrings("item") ?? []),
        _ => Value.OfText(holder.Message("text")?.String("value") ?? string.Empty),
    };

    private static void WriteValue(Utf8JsonWriter writer, Value value)
    {
        writer.WriteString("type", value.Type.ToString());
        switch (value.Type)
        {
            case ValueType.SCALAR:
                writer.WriteStartObject("scalar");
                writer.WriteNumber("value", value.Scalar);
                writer.WriteEndObject();
                break;
            case ValueType.RANGES:
                writer.WriteStartObject("ranges");
                writer.WriteStartArray("range");
                foreach (var range in value.Ranges)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("begin", range.Begin);
                    writer.WriteNumber("end", range.End);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case ValueType.SET:
                writer.WriteStartObject("set");
                writer.WriteStartArray("item");
                foreach (var item in value.Set)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStartObject("text");
                writer.WriteString("value", value.Text);
                writer.WriteEndObject();
                break;
        }
    }
}
