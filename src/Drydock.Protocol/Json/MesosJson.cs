using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Drydock.Protocol;

/// <summary>
/// The two JSON dialects Mesos speaks. Protobuf-shaped replies (schedules, statuses, v1 responses) leave out
/// unset fields and empty arrays, so an empty schedule is <c>{}</c>; the v0 state endpoints keep empty arrays.
/// Both use snake_case, enum names and int64 as JSON numbers.
/// </summary>
public static class MesosJson
{
    /// <summary>Options for protobuf-shaped output: nulls and empty collections left out.</summary>
    public static JsonSerializerOptions Protobuf { get; } = Create(omitEmptyCollections: true);

    /// <summary>Options for the v0 state endpoints: nulls left out, empty collections kept.</summary>
    public static JsonSerializerOptions State { get; } = Create(omitEmptyCollections: false);

    /// <summary>Serialises a value in the protobuf dialect.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Protobuf.GetTypeInfo(typeof(T)));

    /// <summary>Serialises a value in the protobuf dialect as UTF-8.</summary>
    public static byte[] SerializeToUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)Protobuf.GetTypeInfo(typeof(T)));

    /// <summary>Serialises a value in the state dialect as UTF-8.</summary>
    public static byte[] SerializeStateToUtf8<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)State.GetTypeInfo(typeof(T)));

    private static JsonSerializerOptions Create(bool omitEmptyCollections)
    {
        var resolver = omitEmptyCollections
            ? MesosJsonContext.Default.WithAddedModifier(OmitEmptyCollections)
            : MesosJsonContext.Default;
        var options = new JsonSerializerOptions(MesosJsonContext.Default.Options) { TypeInfoResolver = resolver };
        options.MakeReadOnly();
        return options;
    }

    private static void OmitEmptyCollections(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                var previous = property.ShouldSerialize;
                property.ShouldSerialize = (owner, value) =>
                    value is not ICollection { Count: 0 } && (previous is null || previous(owner, value));
            }
        }
    }
}
