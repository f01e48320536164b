using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Events;

/// <summary><c>group_change_success</c>: a change to the apps under <see cref="GroupId"/> was stored as <see cref="Version"/>.</summary>
internal sealed record GroupChangeSuccessEvent(PathId GroupId, DateTimeOffset Version) : MarathonEvent
{
    public override string EventType => EventTypes.GroupChangeSuccess;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("groupId", GroupId.Value);
        writer.WriteString("version", MarathonTime.Format(Version));
    }
}
