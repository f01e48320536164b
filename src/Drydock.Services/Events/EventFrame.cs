using System.Text;

namespace Drydock.Services.Events;

/// <summary>
/// One event as it goes on the wire, serialised once for every subscriber: <c>event: &lt;type&gt;\r\ndata: &lt;json&gt;\r\n\r\n</c>.
/// </summary>
internal sealed class EventFrame
{
    private static readonly byte[] EventPrefix = "event: "u8.ToArray();
    private static readonly byte[] DataPrefix = "\r\ndata: "u8.ToArray();
    private static readonly byte[] End = "\r\n\r\n"u8.ToArray();

    private EventFrame(string eventType, byte[] bytes)
    {
        EventType = eventType;
        Bytes = bytes;
    }

    public string EventType { get; }

    /// <summary>The whole frame, ready to write.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public static EventFrame From(MarathonEvent marathonEvent)
    {
        var type = Encoding.UTF8.GetBytes(marathonEvent.EventType);
        var json = marathonEvent.ToJson();
        var bytes = new byte[EventPrefix.Length + type.Length + DataPrefix.Length + json.Length + End.Length];
        var at = 0;
        foreach (var part in (ReadOnlySpan<byte[]>)[EventPrefix, type, DataPrefix, json, End])
        {
            part.CopyTo(bytes, at);
            at += part.Length;
        }

        return new EventFrame(marathonEvent.EventType, bytes);
    }
}
