using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Instances;

namespace Drydock.Services.Events;

/// <summary><c>unknown_instance_terminated_event</c>: a terminal status arrived for an instance the scheduler does not know.</summary>
internal sealed record UnknownInstanceTerminatedEvent(InstanceId InstanceId, PathId RunSpecId, InstanceCondition Condition) : MarathonEvent
{
    public override string EventType => EventTypes.UnknownInstanceTerminated;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("instanceId", InstanceId.Value);
        writer.WriteString("runSpecId", RunSpecId.Value);
        writer.WriteString("condition", Condition.ToString());
    }
}
