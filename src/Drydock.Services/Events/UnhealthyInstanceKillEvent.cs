using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Events;

/// <summary>
/// <c>unhealthy_instance_kill_event</c>: an instance failed <c>maxConsecutiveFailures</c> checks in a row and its task
/// is being killed. <c>slaveId</c> is left out when the agent is not known.
/// </summary>
internal sealed record UnhealthyInstanceKillEvent(
    PathId AppId,
    string TaskId,
    InstanceId InstanceId,
    DateTimeOffset Version,
    string Reason,
    string Host,
    string? SlaveId) : MarathonEvent
{
    public override string EventType => EventTypes.UnhealthyInstanceKill;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("appId", AppId.Value);
        writer.WriteString("taskId", TaskId);
        writer.WriteString("instanceId", InstanceId.Value);
        writer.WriteString("version", MarathonTime.Format(Version));
        writer.WriteString("reason", Reason);
        writer.WriteString("host", Host);
        AppJson.WriteIf(writer, "slaveId", SlaveId);
    }
}
