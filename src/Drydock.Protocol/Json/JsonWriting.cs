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

    private static long _nonFinite;

    /// <summary>How many non-finite doubles <see cref="Finite"/> has had to replace since the process started (should be 0).</summary>
    public static long NonFiniteReplaced => Interlocked.Read(ref _nonFinite);

    /// <summary>
    /// The one place a double meets a JSON writer that cannot render an infinity or NaN. Every number from a client is
    /// checked finite where it is read (<see cref="ProtoObject"/>) and every amount kept in range, so a non-finite value
    /// here is a bug: it is counted (the one assertion, <see cref="NonFiniteReplaced"/>) and written as 0, so one record cannot fail a whole
    /// response (a <c>/state</c> of the cluster, an offer to a framework).
    /// </summary>
    public static double Finite(double value)
    {
        if (double.IsFinite(value))
        {
            return value;
        }

        Interlocked.Increment(ref _nonFinite);
        return 0;
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
