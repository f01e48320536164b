using System.Threading.Channels;

namespace Drydock.Services.Events;

/// <summary>
/// One reader of the event bus (one open <c>/v2/events</c>): its filter and its bounded queue of frames. The bus
/// writes, the stream reads; when the queue is full the bus disconnects it (<see cref="Overflowed"/>) rather than wait.
/// Disposing it leaves the bus.
/// </summary>
internal sealed class EventSubscription : IDisposable
{
    private readonly Channel<EventFrame> _queue;
    private readonly IReadOnlySet<string>? _eventTypes;
    private readonly MarathonEventBus _bus;
    private int _overflowed;

    internal EventSubscription(MarathonEventBus bus, string remoteAddress, IReadOnlySet<string>? eventTypes, int capacity)
    {
        _bus = bus;
        RemoteAddress = remoteAddress;
        _eventTypes = eventTypes;
        _queue = Channel.CreateBounded<EventFrame>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            // The publisher must never run the stream's continuation on its own thread.
            AllowSynchronousContinuations = false,
        });
    }

    public string RemoteAddress { get; }

    /// <summary>The frames in order; completes when the subscriber is disconnected.</summary>
    public ChannelReader<EventFrame> Reader => _queue.Reader;

    /// <summary>True once the subscriber fell too far behind; what is still queued must not be sent.</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) == 1;

    /// <summary>Whether the subscriber asked for events of this type (no <c>event_type</c> filter asks for all).</summary>
    public bool Wants(string eventType) => _eventTypes is null || _eventTypes.Contains(eventType);

    public void Dispose() => _bus.Remove(this);

    /// <summary>Queues a frame without waiting; false when the queue is full or closed.</summary>
    internal bool TryEnqueue(EventFrame frame) => _queue.Writer.TryWrite(frame);

    /// <summary>Marks the subscriber disconnected and closes its queue; true only the first time.</summary>
    internal bool MarkOverflowed()
    {
        if (Interlocked.Exchange(ref _overflowed, 1) == 1)
        {
            return false;
        }

        _queue.Writer.TryComplete();
        return true;
    }

    internal void Close() => _queue.Writer.TryComplete();
}
