using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Events;

/// <summary><c>instance_health_changed_event</c>: an instance's health changed; <c>healthy</c> is left out while it is unknown.</summary>
internal sealed record InstanceHealthChangedEvent(InstanceId InstanceId, PathId RunSpecId, DateTimeOffset RunSpecVersion, bool? Healthy) : MarathonEvent
{
    public override string EventType => EventTypes.InstanceHealthChanged;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("instanceId", InstanceId.Value);
        writer.WriteString("runSpecId", RunSpecId.Value);
        writer.WriteString("runSpecVersion", MarathonTime.Format(RunSpecVersion));
        if (Healthy is { } healthy)
        {
            writer.WriteBoolean("healthy", healthy);
        }
    }
}
