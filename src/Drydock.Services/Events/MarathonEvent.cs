using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Events;

/// <summary>
/// One event of the <c>/v2/events</c> stream (marathon.md §7). Every event is written as one JSON object on one line
/// with <c>eventType</c> and <c>timestamp</c> first, then the members of its type. Immutable; the publisher stamps
/// <see cref="Timestamp"/> from its own clock.
/// </summary>
internal abstract record MarathonEvent
{
    /// <summary>When the event happened; written in Marathon's form (UTC, three fractional digits, <c>Z</c>).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The <c>eventType</c> value, one of <see cref="EventTypes"/>; also the SSE <c>event:</c> name.</summary>
    public abstract string EventType { get; }

    /// <summary>Writes the whole event object.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("eventType", EventType);
        writer.WriteString("timestamp", MarathonTime.Format(Timestamp));
        WriteMembers(writer);
        writer.WriteEndObject();
    }

    /// <summary>The event as UTF-8 JSON with no line break in it (strings escape their control characters).</summary>
    public byte[] ToJson() => MarathonJson.ToBytes(Write);

    /// <summary>Writes the members of this type into the object <see cref="Write"/> has opened.</summary>
    protected abstract void WriteMembers(Utf8JsonWriter writer);
}
