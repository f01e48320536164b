using System.Text;
using System.Text.Json;
using Drydock.Services.Apps;
using Drydock.Services.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Drydock.Services.Tests.Events.SampleEvents;

namespace Drydock.Services.Tests.Events;

public sealed class MarathonEventBusTests
{
    [Fact]
    public void Publish_SeveralEvents_EachSubscriberGetsThemInOrder()
    {
        var bus = new MarathonEventBus(NullLogger<MarathonEventBus>.Instance);
        using var first = bus.Subscribe("10.0.0.1");
        using var second = bus.Subscribe("10.0.0.2");

        foreach (var marathonEvent in All())
        {
            bus.Publish(marathonEvent);
        }

        var expected = All().Select(e => e.EventType).ToArray();
        Assert.Equal(expected, Drain(first).Select(f => f.EventType));
        Assert.Equal(expected, Drain(second).Select(f => f.EventType));
    }

    [Fact]
    public void Publish_TwoSubscribers_SerialisedOnceAndShared()
    {
        var bus = new MarathonEventBus(NullLogger<MarathonEventBus>.Instance);
        using var first = bus.Subscribe("10.0.0.1");
        using var second = bus.Subscribe("10.0.0.2");

        bus.Publish(new AppTerminatedEvent(Web) { Timestamp = At });

        Assert.Same(Drain(first).Single(), Drain(second).Single());
    }

    [Fact]
    public void Publish_WithEventTypeFilter_OnlyThoseTypes()
    {
        var bus = new MarathonEventBus(NullLogger<MarathonEventBus>.Instance);
        using var filtered = bus.Subscribe("10.0.0.1", new HashSet<string> { "app_terminated_event", "deployment_success" });
        using var everything = bus.Subscribe("10.0.0.2", new HashSet<string>());

        foreach (var marathonEvent in All())
        {
            bus.Publish(marathonEvent);
        }

        Assert.Equal(["deployment_success", "app_terminated_event"], Drain(filtered).Select(f => f.EventType));
        Assert.Equal(All().Count, Drain(everything).Count);
    }

    [Fact]
    public void Publish_SubscriberFallsBehind_DisconnectedLoggedAndOthersUnaffected()
    {
        var logger = new ListLogger();
        var bus = new MarathonEventBus(logger, maxOutstandingMessages: 2);
        using var slow = bus.Subscribe("10.0.0.7");
        using var fast = bus.Subscribe("10.0.0.8");

        for (var i = 0; i < 3; i++)
        {
            bus.Publish(new AppTerminatedEvent(PathId.Parse("/app" + i)) { Timestamp = At });
            if (i < 2)
            {
                Assert.False(slow.Overflowed);
            }

            Drain(fast);
        }

        Assert.True(slow.Overflowed);
        Assert.Equal(2, Drain(slow).Count);
        Assert.True(slow.Reader.Completion.IsCompleted);
        Assert.Equal(1, bus.SubscriberCount);
        var warning = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("10.0.0.7", warning.Message, StringComparison.Ordinal);

        bus.Publish(new AppTerminatedEvent(Web) { Timestamp = At });
        Assert.Single(Drain(fast));
        Assert.Single(logger.Entries);
    }

    [Fact]
    public void Dispose_Subscription_LeavesTheBusAndCompletesItsQueue()
    {
        var bus = new MarathonEventBus(NullLogger<MarathonEventBus>.Instance);
        var subscription = bus.Subscribe("10.0.0.1");
        Assert.Equal(1, bus.SubscriberCount);

        subscription.Dispose();
        bus.Publish(new AppTerminatedEvent(Web) { Timestamp = At });

        Assert.Equal(0, bus.SubscriberCount);
        Assert.Empty(Drain(subscription));
        Assert.True(subscription.Reader.Completion.IsCompleted);
        Assert.False(subscription.Overflowed);
    }

    [Fact]
    public void Publish_EventThatFailsToSerialise_LoggedDroppedAndNotThrown()
    {
        var logger = new ListLogger();
        var bus = new MarathonEventBus(logger);
        using var subscription = bus.Subscribe("10.0.0.1");

        bus.Publish(new BrokenEvent { Timestamp = At });
        bus.Publish(new AppTerminatedEvent(Web) { Timestamp = At });

        Assert.Equal(["app_terminated_event"], Drain(subscription).Select(f => f.EventType));
        Assert.Equal(LogLevel.Error, Assert.Single(logger.Entries).Level);
    }

    [Fact]
    public void Publish_NoSubscriberWantsIt_NotSerialised()
    {
        var logger = new ListLogger();
        var bus = new MarathonEventBus(logger);
        using var subscription = bus.Subscribe("10.0.0.1", new HashSet<string> { "app_terminated_event" });

        bus.Publish(new BrokenEvent { Timestamp = At });

        Assert.Empty(logger.Entries);
        Assert.Empty(Drain(subscription));
    }

    [Fact]
    public void Publish_Frame_CarriesTheEventsJson()
    {
        var bus = new MarathonEventBus(NullLogger<MarathonEventBus>.Instance);
        using var subscription = bus.Subscribe("10.0.0.1");

        bus.Publish(new EventStreamAttachedEvent("10.0.0.1") { Timestamp = At });

        var text = Encoding.UTF8.GetString(Drain(subscription).Single().Bytes.Span);
        var data = text.Split("\r\n")[1];
        Assert.StartsWith("data: ", data, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(data["data: ".Length..]);
        Assert.Equal("10.0.0.1", json.RootElement.GetProperty("remoteAddress").GetString());
    }

    [Fact]
    public void Constructor_BacklogBelowOne_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MarathonEventBus(NullLogger<MarathonEventBus>.Instance, 0));
    }

    private static List<EventFrame> Drain(EventSubscription subscription)
    {
        var frames = new List<EventFrame>();
        while (subscription.Reader.TryRead(out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }

    private sealed record BrokenEvent : MarathonEvent
    {
        public override string EventType => "broken_event";

        protected override void WriteMembers(Utf8JsonWriter writer) => throw new InvalidOperationException("cannot be written");
    }
}
