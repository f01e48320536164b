using System.Text.Json;

namespace Drydock.Services.Events;

/// <summary><c>event_stream_attached</c>: a client opened <c>/v2/events</c> from <see cref="RemoteAddress"/> (its IP).</summary>
internal sealed record EventStreamAttachedEvent(string RemoteAddress) : MarathonEvent
{
    public override string EventType => EventTypes.EventStreamAttached;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("remoteAddress", RemoteAddress);
}
