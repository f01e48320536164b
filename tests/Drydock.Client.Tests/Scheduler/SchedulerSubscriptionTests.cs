using System.Net;
using Drydock.Client.Scheduler;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Client.Tests.Scheduler;

/// <summary>SUBSCRIBE, the watchdog and calls against a fake master (an HTTP handler the test answers for).</summary>
public sealed class SchedulerSubscriptionTests
{
    private static readonly Uri Master = new("http://127.0.0.1:5050/");

    private static readonly FrameworkInfo Info = new() { User = "root", Name = "test" };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subscribe_RedirectToLeader_FollowedAndCallsGoToTheLeaderWithTheStreamId()
    {
        var master = new FakeMaster();
        master.Enqueue(HttpStatusCode.TemporaryRedirect, location: "//127.0.0.9:5050/api/v1/scheduler");
        var stream = master.EnqueueStream("s-42");
        FakeMaster.Send(stream, FakeMaster.SubscribedJson("f1", 15));
        master.Enqueue(HttpStatusCode.Accepted);
        using var client = new SchedulerClient(Master, handler: master);

        await using var subscription = await client.SubscribeAsync(Info, Token);
        var result = await subscription.KillAsync("t1", "a1", cancellationToken: Token);

        Assert.Equal(("f1", "s-42", TimeSpan.FromSeconds(15)), (subscription.FrameworkId, subscription.StreamId, subscription.HeartbeatInterval));
        var requests = master.Requests.ToArray();
        Assert.Equal(["http://127.0.0.1:5050/api/v1/scheduler", "http://127.0.0.9:5050/api/v1/scheduler", "http://127.0.0.9:5050/api/v1/scheduler"], requests.Select(r => r.Uri.AbsoluteUri));
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Null(requests[1].StreamId);
        Assert.Equal("s-42", requests[2].StreamId);
        Assert.Equal(new SchedulerCallResult("KILL", HttpStatusCode.Accepted, new Uri("http://127.0.0.9:5050/api/v1/scheduler")), result);
    }

    [Fact]
    public async Task Call_MasterRefuses_ExceptionCarriesStatusAndText()
    {
        var master = new FakeMaster();
        FakeMaster.Send(master.EnqueueStream(), FakeMaster.SubscribedJson("f1", 15));
        master.Enqueue(HttpStatusCode.BadRequest, "Failed to validate scheduler::Call: Not a valid UUID");
        using var client = new SchedulerClient(Master, handler: master);
        await using var subscription = await client.SubscribeAsync(Info, Token);

        var refused = await Assert.ThrowsAsync<SchedulerCallException>(() => subscription.AcknowledgeAsync("a1", "t1", "bad", Token));

        Assert.Equal(("ACKNOWLEDGE", HttpStatusCode.BadRequest, "Failed to validate scheduler::Call: Not a valid UUID"), (refused.CallType, refused.Status, refused.MasterText));
        Assert.Equal("ACKNOWLEDGE refused by the master: 400 Failed to validate scheduler::Call: Not a valid UUID", refused.Message);
    }

    [Fact]
    public async Task Subscribe_ErrorFirst_SchedulerErrorExceptionWithTheMastersMessage()
    {
        var master = new FakeMaster();
        var stream = master.EnqueueStream(string.Empty);
        FakeMaster.Send(stream, "{\"type\":\"ERROR\",\"error\":{\"message\":\"Framework has been removed\"}}");
        stream.End();
        using var client = new SchedulerClient(Master, handler: master);

        var error = await Assert.ThrowsAsync<SchedulerErrorException>(() => client.SubscribeAsync(Info with { Id = "f1" }, Token));

        Assert.Equal("Framework has been removed", error.MasterMessage);
    }

    [Fact]
    public async Task Subscribe_Unreachable_MasterUnreachableException()
    {
        using var client = new SchedulerClient(Master, handler: new FakeMaster());

        var unreachable = await Assert.ThrowsAsync<MasterUnreachableException>(() => client.SubscribeAsync(Info, Token));

        Assert.Contains("Connection refused", unreachable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadEvents_SilentForFiveIntervals_LostButEachEventResetsTheWatchdog()
    {
        var time = new FakeTimeProvider();
        var master = new FakeMaster();
        var stream = master.EnqueueStream();
        FakeMaster.Send(stream, FakeMaster.SubscribedJson("f1", 1));
        using var client = new SchedulerClient(Master, new SchedulerClientOptions { Time = time }, master);
        await using var subscription = await client.SubscribeAsync(Info, Token);
        await using var events = subscription.ReadEventsAsync(Token).GetAsyncEnumerator(Token);

        var first = events.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(4.9));
        FakeMaster.Send(stream, "{\"type\":\"HEARTBEAT\"}");
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.IsType<HeartbeatReceived>(events.Current);

        var second = events.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var lost = await Assert.ThrowsAsync<SubscriptionLostException>(() => second.WaitAsync(TimeSpan.FromSeconds(30), Token));

        Assert.Equal(TimeSpan.FromSeconds(5), subscription.WatchdogSpan);
        Assert.Equal("no event from the master for 5 s", lost.Reason);
    }

    [Fact]
    public async Task ReadEvents_MasterEndsStream_EnumerationEnds()
    {
        var master = new FakeMaster();
        var stream = master.EnqueueStream();
        FakeMaster.Send(stream, FakeMaster.SubscribedJson("f1", 15));
        FakeMaster.Send(stream, "{\"type\":\"RESCIND\",\"rescind\":{\"offer_id\":{\"value\":\"o1\"}}}");
        stream.End();
        using var client = new SchedulerClient(Master, handler: master);
        await using var subscription = await client.SubscribeAsync(Info, Token);

        var events = new List<SchedulerStreamEvent>();
        await foreach (var e in subscription.ReadEventsAsync(Token))
        {
            events.Add(e);
        }

        Assert.Equal([new OfferRescinded("o1")], events);
    }
}
