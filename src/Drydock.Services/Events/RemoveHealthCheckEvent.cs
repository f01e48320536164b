using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Events;

/// <summary><c>remove_health_check_event</c>: the scheduler stopped running the health checks of an app version.</summary>
internal sealed record RemoveHealthCheckEvent(PathId AppId) : MarathonEvent
{
    public override string EventType => EventTypes.RemoveHealthCheck;

    protected override void WriteMembers(Utf8JsonWriter writer) => writer.WriteString("appId", AppId.Value);
}
