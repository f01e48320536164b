using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>HEARTBEAT every <c>--heartbeat-interval</c> on the operator and scheduler event streams, however busy they are.</summary>
public sealed class HeartbeatTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-heartbeat-");

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>Every event of the stream for <paramref name="span"/>, each with when it arrived.</summary>
    private static async Task<List<(DateTime At, string Type)>> EventsForAsync(SchedulerStream stream, TimeSpan span, Func<JsonElement, Task>? onEvent = null)
    {
        var events = new List<(DateTime, string)>();
        var until = DateTime.UtcNow + span;
        while (DateTime.UtcNow < until)
        {
            JsonElement? next;
            try
            {
                next = await stream.NextAsync(until - DateTime.UtcNow);
            }
            catch (TimeoutException)
            {
                break;
            }

            Assert.NotNull(next);
            events.Add((DateTime.UtcNow, next.Value.GetProperty("type").GetString()!));
            if (onEvent is not null)
            {
                await onEvent(next.Value);
            }
        }

        return events;
    }

    private static void AssertHeartbeatsKeptPace(List<(DateTime At, string Type)> events, int othersAtLeast)
    {
        var beats = events.Where(e => e.Type == "HEARTBEAT").Select(e => e.At).ToArray();
        Assert.True(events.Count(e => e.Type != "HEARTBEAT") >= othersAtLeast, "too few other events: " + string.Join(",", events.Select(e => e.Type)));
        Assert.True(beats.Length >= 3, "heartbeats: " + beats.Length + " among " + string.Join(",", events.Select(e => e.Type)));
        Assert.All(beats.Zip(beats.Skip(1)), pair => Assert.True(pair.Second - pair.First < TimeSpan.FromSeconds(2.5), "gap " + (pair.Second - pair.First)));
    }

    [Fact]
    public async Task OperatorSubscribe_EventsFlowingAllTheTime_HeartbeatEveryInterval()
    {
        await using var master = await MasterProcess.StartAsync(null, "--heartbeat-interval", "1s");
        await using var events = await SchedulerStream.OpenAsync(master.Url, "api/v1", """{"type":"SUBSCRIBE"}""");
        Assert.Equal("SUBSCRIBED", (await events.NextAsync())!.Value.GetProperty("type").GetString());

        // Frameworks come and go one after the other: FRAMEWORK_ADDED, FRAMEWORK_UPDATED and FRAMEWORK_REMOVED keep flowing.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var churn = ChurnFrameworksAsync(master, stop.Token);
        List<(DateTime At, string Type)> seen;
        try
        {
            seen = await EventsForAsync(events, TimeSpan.FromSeconds(4.5));
        }
        finally
        {
            await stop.CancelAsync();
            await churn;
        }

        AssertHeartbeatsKeptPace(seen, othersAtLeast: 20);
    }

    private static async Task ChurnFrameworksAsync(MasterProcess master, CancellationToken stop)
    {
        await Task.Yield();
        for (var i = 0; !stop.IsCancellationRequested && i < 2000; i++)
        {
            await using var framework = await SchedulerStream.SubscribeAsync(master.Url, """{"user":"root","name":"churn","roles":["*"]}""");
            await framework.NextAsync();
        }
    }

    [Fact]
    public async Task SchedulerSubscribe_OffersFlowingAllTheTime_HeartbeatEveryInterval()
    {
        await using var master = await MasterProcess.StartAsync(null, "--heartbeat-interval", "1s", "--allocation-interval", "100ms");
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.11.1", "agent-beat", ["--resources", "cpus:2;mem:1024;disk:1000"]);
        await agent.WaitRegisteredAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, """{"user":"root","name":"beat","roles":["*"]}""");
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        async Task DeclineAsync(JsonElement offers)
        {
            var ids = string.Join(",", offers.GetProperty("offers").GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("id").GetRawText()));
            var reply = await stream.CallAsync("{\"type\":\"DECLINE\",\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"decline\":{\"offer_ids\":[" + ids + "],\"filters\":{\"refuse_seconds\":0}}}");
            Assert.Equal(202, reply.Status);
        }

        // Each offer is declined with no filter, so the next cycle offers again: OFFERS flow about ten times a second.
        await DeclineAsync(await NextAsync(stream, "OFFERS"));
        var seen = await EventsForAsync(stream, TimeSpan.FromSeconds(4.5), e => e.GetProperty("type").GetString() == "OFFERS" ? DeclineAsync(e) : Task.CompletedTask);

        AssertHeartbeatsKeptPace(seen, othersAtLeast: 10);
    }
}
