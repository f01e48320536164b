using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Events;

/// <summary>
/// <c>failed_health_check_event</c>: one check of an instance failed. The instance id goes in <c>taskId</c>
/// (marathon.md §7) and in <c>instanceId</c> (the member's name in Marathon's event class); the Python client reads both.
/// </summary>
internal sealed record FailedHealthCheckEvent(PathId AppId, InstanceId InstanceId, HealthCheckDefinition HealthCheck) : MarathonEvent
{
    public override string EventType => EventTypes.FailedHealthCheck;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("appId", AppId.Value);
        writer.WriteString("taskId", InstanceId.Value);
        writer.WriteString("instanceId", InstanceId.Value);
        writer.WritePropertyName("healthCheck");
        HealthCheckJson.Write(writer, HealthCheck);
    }
}
