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

    /// <summary>
    /// Reads a resource. A value Mesos's <c>Resources::validate</c> refuses (a scalar that is negative, rounds to zero
    /// or exceeds <see cref="Value.MaxScalar"/>; inverted or overlapping ranges; a set with duplicates; a TEXT value) is
    /// read, with its <see cref="Resource.Defect"/>, as a value that holds nothing: the caller decides what refusing it
    /// means (TASK_ERROR for a launch, a refused registration for an agent).
    /// </summary>
    internal static Resource Read(ProtoObject resource, string defaultRole)
    {
        var name = resource.String("name");
        var type = resource.Enum<ValueType>("type");
        resource.Require("name", name is not null);
        resource.Require("type", type is not null);
        var (value, defect) = ReadResourceValue(resource, type ?? ValueType.SCALAR);
        var reserved = resource.Repeated("reservations", r => r.String("role")).LastOrDefault(r => r is not null);
        var role = reserved ?? resource.String("role") ?? defaultRole;
        return new Resource(name ?? string.Empty, value, role) { Defect = defect };
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

    private static (Value Value, ResourceDefect? Defect) ReadResourceValue(ProtoObject holder, ValueType type)
    {
        switch (type)
        {
            case ValueType.SCALAR:
                var scalar = holder.Message("scalar")?.Double("value") ?? 0;
                var reason = ResourceValidator.ScalarReason(scalar);
                return reason is null ? (Value.OfScalar(scalar), null) : (Value.OfScalar(0), new ResourceDefect(reason, ResourceText.Scalar(scalar)));
            case ValueType.RANGES:
                var ranges = holder.Message("ranges")?.Repeated("range", r => new ValueRange(r.Int64("begin") ?? 0, r.Int64("end") ?? 0)) ?? [];
                var invalid = RangesDefect(ranges);
                return invalid is null ? (Value.OfRanges(ranges), null) : (Value.OfRanges([]), new ResourceDefect(invalid, ResourceText.Ranges(ranges)));
            case ValueType.SET:
                var items = holder.Message("set")?.RepeatedStrings("item") ?? [];
                var duplicated = items.Distinct(StringComparer.Ordinal).Count() != items.Count;
                return (Value.OfSet(items), duplicated ? new ResourceDefect("Invalid set resource: duplicated elements", ResourceText.Set(items)) : null);
            default:
                var text = holder.Message("text")?.String("value") ?? string.Empty;
                return (Value.OfText(text), new ResourceDefect("Unsupported resource type", text));
        }
    }

    private static string? RangesDefect(IReadOnlyList<ValueRange> ranges)
    {
        if (ranges.Any(r => r.Begin < 0))
        {
            // Mesos's bounds are uint64; a negative one cannot be (Drydock's text).
            return "Invalid ranges resource: negative bound";
        }

        if (ranges.Any(r => r.Begin > r.End))
        {
            return "Invalid ranges resource: begin > end";
        }

        // Sorted, any range that begins before the ones before it end overlaps one of them. (Mesos compares every pair,
        // which costs the square of a hostile list's length and misses a range that begins before one it overlaps.)
        var end = long.MinValue;
        foreach (var range in ranges.OrderBy(r => r.Begin))
        {
            if (range.Begin <= end)
            {
                return "Invalid ranges resource: overlapping ranges";
            }

            end = Math.Max(end, range.End);
        }

        return null;
    }

    private static void WriteValue(Utf8JsonWriter writer, Value value)
    {
        writer.WriteString("type", value.Type.ToString());
        switch (value.Type)
        {
            case ValueType.SCALAR:
                writer.WriteStartObject("scalar");
                writer.WriteNumber("value", JsonWriting.Finite(value.Scalar));
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
