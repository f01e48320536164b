using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Events;

/// <summary><c>health_status_changed_event</c>: a health check of the scheduler's found an instance alive or not.</summary>
internal sealed record HealthStatusChangedEvent(PathId AppId, InstanceId InstanceId, DateTimeOffset Version, bool Alive) : MarathonEvent
{
    public override string EventType => EventTypes.HealthStatusChanged;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("appId", AppId.Value);
        writer.WriteString("instanceId", InstanceId.Value);
        writer.WriteString("version", MarathonTime.Format(Version));
        writer.WriteBoolean("alive", Alive);
    }
}
