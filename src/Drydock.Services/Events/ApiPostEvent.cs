using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Events;

/// <summary>
/// <c>api_post_event</c>: an app was posted or changed through the API. <see cref="App"/> is the stored definition,
/// written as <c>GET /v2/apps/{id}</c> shows it without embeds.
/// </summary>
internal sealed record ApiPostEvent(string ClientIp, string Uri, AppDefinition App) : MarathonEvent
{
    public override string EventType => EventTypes.ApiPost;

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        writer.WriteString("clientIp", ClientIp);
        writer.WriteString("uri", Uri);
        writer.WritePropertyName("appDefinition");
        AppJson.Write(writer, App);
    }
}
