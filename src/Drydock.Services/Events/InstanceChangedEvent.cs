using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Events;

/// <summary>
/// <c>instance_changed_event</c>: an instance's condition changed (published after the status update that changed it,
/// and only when the condition did change). <see cref="AgentId"/> and <see cref="Host"/> are left out before the
/// instance has an agent.
/// </summary>
internal sealed record InstanceChangedEvent(
    InstanceId InstanceId,
    InstanceCondition Condition,
    PathId RunSpecId,
    string? AgentId,
    string? Host,
    DateTimeOffset RunSpecVersion) : MarathonEvent
{
    public override string EventType => EventTypes.InstanceChanged;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("instanceId", InstanceId.Value);
        writer.WriteString("condition", Condition.ToString());
        writer.WriteString("runSpecId", RunSpecId.Value);
        AppJson.WriteIf(writer, "agentId", AgentId);
        AppJson.WriteIf(writer, "host", Host);
        writer.WriteString("runSpecVersion", MarathonTime.Format(RunSpecVersion));
    }
}
