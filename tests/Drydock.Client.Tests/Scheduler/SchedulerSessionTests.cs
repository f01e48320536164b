using System.Net;
using System.Text.Json;
using Drydock.Client.Scheduler;
using Drydock.Protocol.Scheduler;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Client.Tests.Scheduler;

/// <summary>The session's resubscription with the same framework id, its backoff, and where it stops.</summary>
public sealed class SchedulerSessionTests
{
    private static readonly Uri Master = new("http://127.0.0.1:5050/");

    private static readonly FrameworkInfo Info = new() { User = "root", Name = "test", FailoverTimeoutSeconds = 60 };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<SchedulerStreamEvent> NextAsync(IAsyncEnumerator<SchedulerStreamEvent> events)
    {
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        return events.Current;
    }

    [Fact]
    public async Task Run_StreamEndsThenMasterDown_ResubscribesWithTheSameIdAfterBackoffUntilError()
    {
        var time = new FakeTimeProvider();
        var master = new FakeMaster();
        var first = master.EnqueueStream("s1");
        FakeMaster.Send(first, FakeMaster.SubscribedJson("f-7", 15));
        FakeMaster.Send(first, "{\"type\":\"HEARTBEAT\"}");
        first.End();
        using var client = new SchedulerClient(Master, new SchedulerClientOptions { Time = time }, master);
        await using var session = new SchedulerSession(client, Info, new SchedulerSessionOptions { Random = new Random(7) });
        await using var events = session.RunAsync(Token).GetAsyncEnumerator(Token);

        Assert.Equal(new Subscribed("f-7", TimeSpan.FromSeconds(15), null), await NextAsync(events));
        Assert.Equal("s1", session.Current!.StreamId);
        Assert.IsType<HeartbeatReceived>(await NextAsync(events));
        var lost = Assert.IsType<SubscriptionLost>(await NextAsync(events));

        // The next SUBSCRIBE finds no master (nothing queued): lost again, with a longer wait.
        var retry = events.MoveNextAsync().AsTask();
        time.Advance(lost.RetryIn);
        Assert.True(await retry.WaitAsync(TimeSpan.FromSeconds(30), Token));
        var unreachable = Assert.IsType<SubscriptionLost>(events.Current);

        var second = master.EnqueueStream("s2");
        FakeMaster.Send(second, FakeMaster.SubscribedJson("f-7", 15));
        FakeMaster.Send(second, "{\"type\":\"ERROR\",\"error\":{\"message\":\"Framework has been removed\"}}");
        retry = events.MoveNextAsync().AsTask();
        time.Advance(unreachable.RetryIn);
        Assert.True(await retry.WaitAsync(TimeSpan.FromSeconds(30), Token));
        var resubscribed = Assert.IsType<Subscribed>(events.Current);
        var error = Assert.IsType<MasterError>(await NextAsync(events));
        var ended = !await events.MoveNextAsync();

        Assert.Equal(("the master ended the stream", 1), (lost.Reason, lost.Attempt));
        Assert.InRange(lost.RetryIn, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.Equal(2, unreachable.Attempt);
        Assert.InRange(unreachable.RetryIn, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Contains("Connection refused", unreachable.Reason, StringComparison.Ordinal);
        Assert.Equal("f-7", resubscribed.FrameworkId);
        Assert.Equal("Framework has been removed", error.Message);
        Assert.True(ended);
        var subscribes = master.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
        Assert.False(subscribes[0].TryGetProperty("framework_id", out _));
        Assert.All(subscribes[1..], s => Assert.Equal("f-7", s.GetProperty("framework_id").GetProperty("value").GetString()));
        Assert.All(subscribes[1..], s => Assert.Equal("f-7", s.GetProperty("subscribe").GetProperty("framework_info").GetProperty("id").GetProperty("value").GetString()));
    }

    [Fact]
    public async Task Run_SubscribeRefusedWith400_ThrownNotRetried()
    {
        var master = new FakeMaster();
        master.Enqueue(HttpStatusCode.BadRequest, "Failed to validate scheduler::Call: Expecting 'subscribe' to be present");
        using var client = new SchedulerClient(Master, handler: master);
        await using var session = new SchedulerSession(client, Info);

        var refused = await Assert.ThrowsAsync<SchedulerCallException>(async () =>
        {
            await foreach (var _ in session.RunAsync(Token))
            {
            }
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Single(master.Requests);
    }

    [Fact]
    public async Task Run_ErrorInAnswerToSubscribe_YieldedAndTheSessionEnds()
    {
        var master = new FakeMaster();
        var stream = master.EnqueueStream(string.Empty);
        FakeMaster.Send(stream, "{\"type\":\"ERROR\",\"error\":{\"message\":\"Framework has been removed\"}}");
        stream.End();
        using var client = new SchedulerClient(Master, handler: master);
        await using var session = new SchedulerSession(client, Info with { Id = "gone" });

        var events = new List<SchedulerStreamEvent>();
        await foreach (var e in session.RunAsync(Token))
        {
            events.Add(e);
        }

        Assert.Equal([new MasterError("Framework has been removed")], events);
    }
}
