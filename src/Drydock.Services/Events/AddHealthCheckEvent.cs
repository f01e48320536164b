using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Events;

/// <summary><c>add_health_check_event</c>: the scheduler began running <see cref="HealthCheck"/> for app version <see cref="Version"/>.</summary>
internal sealed record AddHealthCheckEvent(PathId AppId, DateTimeOffset Version, HealthCheckDefinition HealthCheck) : MarathonEvent
{
    public override string EventType => EventTypes.AddHealthCheck;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("appId", AppId.Value);
        writer.WriteString("version", MarathonTime.Format(Version));
        writer.WritePropertyName("healthCheck");
        HealthCheckJson.Write(writer, HealthCheck);
    }
}
