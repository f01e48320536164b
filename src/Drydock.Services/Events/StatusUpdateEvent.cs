using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Events;

/// <summary>
/// <c>status_update_event</c>: a Mesos status update for one of the scheduler's tasks, published for every status change
/// and before the <c>instance_changed_event</c> of the same change. <see cref="TaskStatus"/> is the Mesos state name
/// (<c>TASK_RUNNING</c>, …), <see cref="Ports"/> the host ports, <see cref="Version"/> the app version the task runs.
/// </summary>
internal sealed record StatusUpdateEvent(
    string SlaveId,
    string TaskId,
    string TaskStatus,
    string Message,
    PathId AppId,
    string Host,
    IReadOnlyList<string> IpAddresses,
    IReadOnlyList<int> Ports,
    DateTimeOffset Version) : MarathonEvent
{
    public override string EventType => EventTypes.StatusUpdate;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("slaveId", SlaveId);
        writer.WriteString("taskId", TaskId);
        writer.WriteString("taskStatus", TaskStatus);
        writer.WriteString("message", Message);
        writer.WriteString("appId", AppId.Value);
        writer.WriteString("host", Host);
        EventJson.WriteIpAddresses(writer, IpAddresses);
        writer.WriteStartArray("ports");
        foreach (var port in Ports)
        {
            writer.WriteNumberValue(port);
        }

        writer.WriteEndArray();
        writer.WriteString("version", MarathonTime.Format(Version));
    }
}
