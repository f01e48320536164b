using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Events;

/// <summary><c>group_change_failed</c>: a change to the apps under <see cref="GroupId"/> was refused, for <see cref="Reason"/>.</summary>
internal sealed record GroupChangeFailedEvent(PathId GroupId, DateTimeOffset Version, string Reason) : MarathonEvent
{
    public override string EventType => EventTypes.GroupChangeFailed;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("groupId", GroupId.Value);
        writer.WriteString("version", MarathonTime.Format(Version));
        writer.WriteString("reason", Reason);
    }
}
