using System.Text.Json;

namespace Drydock.Protocol;

/// <summary>Small pieces shared by the hand-written protobuf-JSON writers (events, statuses).</summary>
public static class JsonWriting
{
    /// <summary>Writes a Mesos id field: <c>"name":{"value":"..."}</c>.</summary>
    public static void WriteId(Utf8JsonWriter writer, string name, string value)
    {
        writer.WriteStartObject(name);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }

    /// <summary>Writes one JSON object whose members <paramref name="body"/> writes, and returns it as UTF-8.</summary>
    public static byte[] Build(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
