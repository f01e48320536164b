namespace Drydock.Protocol.Scheduler;

/// <summary>A Mesos <c>Label</c>: a key with an optional value (tasks, frameworks and statuses carry lists of them).</summary>
public sealed record Label(string Key, string? Value)
{
    /// <summary>Reads a <c>Labels</c> message (<c>{"labels":[{"key":..,"value":..}]}</c>); absent reads as empty.</summary>
    internal static IReadOnlyList<Label> ReadList(ProtoObject? labels) =>
        labels?.Repeated("labels", l => new Label(l.String("key") ?? string.Empty, l.String("value"))) ?? [];

    /// <summary>Writes a label as protobuf JSON, <c>{"key":..,"value":..}</c> (the value only when set).</summary>
    public static void Write(System.Text.Json.Utf8JsonWriter writer, Label label)
    {
        writer.WriteStartObject();
        writer.WriteString("key", label.Key);
        if (label.Value is not null)
        {
            writer.WriteString("value", label.Value);
        }

        writer.WriteEndObject();
    }
}
