using System.Text.Json;

namespace Drydock.Services.Events;

/// <summary><c>event_stream_detached</c>: the <c>/v2/events</c> client at <see cref="RemoteAddress"/> left or was disconnected.</summary>
internal sealed record EventStreamDetachedEvent(string RemoteAddress) : MarathonEvent
{
    public override string EventType => EventTypes.EventStreamDetached;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("remoteAddress", RemoteAddress);
}
