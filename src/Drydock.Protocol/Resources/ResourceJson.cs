namespace Drydock.Protocol.Resources;

/// <summary>Reads Mesos <c>Resource</c> and <c>Attribute</c> JSON (<c>{"name","type","scalar"|"ranges"|"set"|"text","role"}</c>).</summary>
internal static class ResourceJson
{
    public static Resource Read(ProtoObject resource, string defaultRole)
    {
        var name = resource.String("name");
        var type = resource.Enum<ValueType>("type");
        resource.Require("name", name is not null);
        resource.Require("type", type is not null);
        var value = ReadValue(resource, type ?? ValueType.SCALAR);
        var role = resource.String("role")
            ?? resource.Repeated("reservations", r => r.String("role")).LastOrDefault(r => r is not null)
            ?? defaultRole;
        return new Resource(name ?? string.Empty, value, role);
    }

    public static Value ReadValue(ProtoObject holder, ValueType type) => type switch
    {
        ValueType.SCALAR => Value.OfScalar(holder.Message("scalar")?.Double("value") ?? 0),
        ValueType.RANGES => Value.OfRanges(holder.Message("ranges")?.Repeated("range", r => new ValueRange(r.Int64("begin") ?? 0, r.Int64("end") ?? 0)) ?? []),
        ValueType.SET => Value.OfSet(holder.Message("set")?.RepeatedStrings("item") ?? []),
        _ => Value.OfText(holder.Message("text")?.String("value") ?? string.Empty),
    };
}
