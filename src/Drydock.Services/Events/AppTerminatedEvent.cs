using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Events;

/// <summary><c>app_terminated_event</c>: a StopApplication action finished; the app has no instances left and is gone.</summary>
internal sealed record AppTerminatedEvent(PathId AppId) : MarathonEvent
{
    public override string EventType => EventTypes.AppTerminated;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("appId", AppId.Value);
}
