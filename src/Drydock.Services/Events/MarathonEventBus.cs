using Microsoft.Extensions.Logging;

namespace Drydock.Services.Events;

/// <summary>
/// The scheduler's event bus: <see cref="Publish"/> hands each event to every subscriber that wants its type, serialised
/// once. Publishing never waits: each subscriber has a bounded queue, and one that falls further behind than that is
/// disconnected and logged (Marathon's <c>--event_stream_max_outstanding_messages</c>). The subscriber list is an
/// immutable snapshot swapped on (rare) subscribe and leave, so publishing takes no lock.
/// </summary>
internal sealed partial class MarathonEventBus
{
    /// <summary>Marathon's default of <c>--event_stream_max_outstanding_messages</c>.</summary>
    public const int DefaultMaxOutstandingMessages = 4096;

    private readonly ILogger<MarathonEventBus> _logger;
    private readonly Lock _gate = new();
    private volatile EventSubscription[] _subscribers = [];

    public MarathonEventBus(ILogger<MarathonEventBus> logger, int maxOutstandingMessages = DefaultMaxOutstandingMessages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutstandingMessages, 1);
        _logger = logger;
        MaxOutstandingMessages = maxOutstandingMessages;
    }

    /// <summary>How many events a subscriber may have queued before it is disconnected.</summary>
    public int MaxOutstandingMessages { get; }

    public int SubscriberCount => _subscribers.Length;

    /// <summary>Joins the bus; <paramref name="eventTypes"/> null (or empty) means every type.</summary>
    public EventSubscription Subscribe(string remoteAddress, IReadOnlySet<string>? eventTypes = null)
    {
        var subscription = new EventSubscription(this, remoteAddress, eventTypes is { Count: > 0 } ? eventTypes : null, MaxOutstandingMessages);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    /// <summary>
    /// Queues the event for every subscriber that wants it and returns at once. A failure to serialise it (a bug) is
    /// logged and the event dropped: it never reaches the publisher.
    /// </summary>
    public void Publish(MarathonEvent marathonEvent)
    {
        var subscribers = _subscribers;
        EventFrame? frame = null;
        foreach (var subscriber in subscribers)
        {
            if (!subscriber.Wants(marathonEvent.EventType))
            {
                continue;
            }

            if (frame is null)
            {
                try
                {
                    frame = EventFrame.From(marathonEvent);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogSerialisationFailed(marathonEvent.EventType, e);
                    return;
                }
            }

            if (!subscriber.TryEnqueue(frame) && subscriber.MarkOverflowed())
            {
                Remove(subscriber);
                LogSlowSubscriber(subscriber.RemoteAddress, MaxOutstandingMessages);
            }
        }
    }

    internal void Remove(EventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(s => s != subscription).ToArray();
        }

        subscription.Close();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream client {RemoteAddress} fell more than {Max} events behind and was disconnected")]
    private partial void LogSlowSubscriber(string remoteAddress, int max);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not serialise a {EventType} event; it was not sent")]
    private partial void LogSerialisationFailed(string eventType, Exception exception);
}
