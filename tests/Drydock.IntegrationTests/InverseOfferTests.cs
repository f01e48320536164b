using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>Maintenance reaching frameworks through real agents: offers with unavailability, inverse offers and answers.</summary>
public sealed class InverseOfferTests : IDisposable
{
    private const string Resources = "cpus:2;mem:1024;disk:1000;ports:[31000-31009]";
    private const string Info = """{"user":"root","name":"inverse-test","roles":["*"],"checkpoint":true,"failover_timeout":3600}""";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-inverse-");

    public void Dispose() => _root.Delete(recursive: true);

    private AgentProcess StartAgent(MasterProcess master, string ip, string hostname) =>
        AgentProcess.Start(master.Url, Path.Combine(_root.FullName, hostname), ip, hostname, ["--resources", Resources]);

    private static async Task<(SchedulerStream Stream, string FrameworkId)> SubscribeAsync(MasterProcess master, string info = Info)
    {
        var stream = await SchedulerStream.SubscribeAsync(master.Url, info);
        var subscribed = (await stream.NextAsync())!.Value;
        return (stream, subscribed.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!);
    }

    private static string Machine(string hostname, string ip) => "{\"hostname\":\"" + hostname + "\",\"ip\":\"" + ip + "\"}";

    /// <summary>A window starting a minute from now, two minutes long, for the given machine ids.</summary>
    private static (string Body, long Start) Schedule(params string[] machines)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds() * 1_000_000;
        return ("{\"windows\":[{\"machine_ids\":[" + string.Join(",", machines) + "],\"unavailability\":{\"start\":{\"nanoseconds\":" + start
            + "},\"duration\":{\"nanoseconds\":120000000000}}}]}", start);
    }

    private static async Task PostAsync(MasterProcess master, string path, string body)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var reply = await http.PostAsync(path, new StringContent(body), TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)reply.StatusCode);
    }

    private static async Task<JsonElement> StatusAsync(MasterProcess master)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var document = JsonDocument.Parse(await http.GetStringAsync("maintenance/status", TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    /// <summary>Every event of the stream for a while (the master's allocation runs every 200 ms in these tests).</summary>
    private static async Task<List<JsonElement>> EventsForAsync(SchedulerStream stream, TimeSpan span)
    {
        var events = new List<JsonElement>();
        var until = DateTime.UtcNow + span;
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (await stream.NextAsync(until - DateTime.UtcNow) is { } next)
                {
                    events.Add(next);
                }
            }
            catch (TimeoutException)
            {
                break;
            }
        }

        return events;
    }

    private static string TypeOf(JsonElement e) => e.GetProperty("type").GetString()!;

    private static IEnumerable<JsonElement> InverseOffersIn(IEnumerable<JsonElement> events) =>
        events.Where(e => TypeOf(e) == "INVERSE_OFFERS").SelectMany(e => e.GetProperty("inverse_offers").GetProperty("inverse_offers").EnumerateArray());

    private static string Answer(string type, string frameworkId, JsonElement inverse, double refuseSeconds) =>
        "{\"type\":\"" + type + "\",\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"" + type.ToLowerInvariant() + "\":{\"inverse_offer_ids\":["
        + inverse.GetProperty("id").GetRawText() + "],\"filters\":{\"refuse_seconds\":" + refuseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}}";

    private static async Task LaunchOnAsync(SchedulerStream stream, string frameworkId, JsonElement offer, string taskId)
    {
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, taskId, "sleep 30"))).Status);
        var running = await NextStatusAsync(stream, s => TaskIdOf(s) == taskId && s.GetProperty("state").GetString() == "TASK_RUNNING", frameworkId);
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, running))).Status);
    }

    [Fact]
    public async Task ScheduleAgentsMachine_OfferRescindedReofferedWithUnavailabilityAndOneInverseOffer()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = StartAgent(master, "127.0.9.1", "agent-11");
        var agentId = await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master);
        await using var subscription = stream;
        var first = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];

        var (schedule, start) = Schedule(Machine("agent-11", "127.0.9.1"));
        await PostAsync(master, "maintenance/schedule", schedule);
        var rescind = await NextAsync(stream, "RESCIND");
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        var later = await EventsForAsync(stream, TimeSpan.FromSeconds(2));
        var inverse = Assert.Single(InverseOffersIn(later));

        Assert.False(first.TryGetProperty("unavailability", out _));
        Assert.Equal(first.GetProperty("id").GetRawText(), rescind.GetProperty("rescind").GetProperty("offer_id").GetRawText());
        Assert.Equal(start, offer.GetProperty("unavailability").GetProperty("start").GetProperty("nanoseconds").GetInt64());
        Assert.Equal(120_000_000_000, offer.GetProperty("unavailability").GetProperty("duration").GetProperty("nanoseconds").GetInt64());
        Assert.Equal(agentId, inverse.GetProperty("agent_id").GetProperty("value").GetString());
        Assert.Equal(frameworkId, inverse.GetProperty("framework_id").GetProperty("value").GetString());
        Assert.Equal(start, inverse.GetProperty("unavailability").GetProperty("start").GetProperty("nanoseconds").GetInt64());
        Assert.Empty(inverse.GetProperty("resources").EnumerateArray());
        Assert.Equal("127.0.9.1", inverse.GetProperty("url").GetProperty("address").GetProperty("ip").GetString());
    }

    [Fact]
    public async Task ScheduleHostnameOnly_AgentUntouched_NoUnavailabilityNoInverseOffer()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = StartAgent(master, "127.0.9.2", "agent-13");
        await agent.WaitRegisteredAsync();
        var (stream, _) = await SubscribeAsync(master);
        await using var subscription = stream;
        await NextAsync(stream, "OFFERS");

        await PostAsync(master, "maintenance/schedule", Schedule("{\"hostname\":\"agent-13\"}").Body);
        var events = await EventsForAsync(stream, TimeSpan.FromSeconds(2));

        Assert.DoesNotContain(events, e => TypeOf(e) is "RESCIND" or "INVERSE_OFFERS");
    }

    [Fact]
    public async Task DrainingAgent_FrameworkWithoutOffersOrTasks_GetsNoInverseOffer()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = StartAgent(master, "127.0.9.3", "agent-14");
        await agent.WaitRegisteredAsync();
        var (user, _) = await SubscribeAsync(master);
        await using var userSubscription = user;
        await NextAsync(user, "OFFERS");
        var (idle, idleId) = await SubscribeAsync(master, Info.Replace("inverse-test", "idle", StringComparison.Ordinal));
        await using var idleSubscription = idle;
        Assert.Equal(202, (await idle.CallAsync("{\"type\":\"SUPPRESS\",\"framework_id\":{\"value\":\"" + idleId + "\"}}")).Status);

        await PostAsync(master, "maintenance/schedule", Schedule(Machine("agent-14", "127.0.9.3")).Body);
        var used = await NextAsync(user, "INVERSE_OFFERS");
        var idleEvents = await EventsForAsync(idle, TimeSpan.FromSeconds(2));

        Assert.NotEmpty(used.GetProperty("inverse_offers").GetProperty("inverse_offers").EnumerateArray());
        Assert.DoesNotContain(idleEvents, e => TypeOf(e) is "INVERSE_OFFERS" or "OFFERS");
    }

    [Fact]
    public async Task DrainingAgentWithTask_DeclineThenAccept_NewInverseOffersAndLatestAnswerInStatus()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = StartAgent(master, "127.0.9.4", "agent-28");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master);
        await using var subscription = stream;
        await LaunchOnAsync(stream, frameworkId, (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0], "t28");

        await PostAsync(master, "maintenance/schedule", Schedule(Machine("agent-28", "127.0.9.4")).Body);
        var first = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS")]).Single();
        Assert.Equal(202, (await stream.CallAsync(Answer("DECLINE_INVERSE_OFFERS", frameworkId, first, 0))).Status);
        var second = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS")]).Single();
        var declined = await StatusAsync(master);
        Assert.Equal(202, (await stream.CallAsync(Answer("ACCEPT_INVERSE_OFFERS", frameworkId, second, 0))).Status);
        var third = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS")]).Single();
        var accepted = await StatusAsync(master);

        Assert.NotEqual(first.GetProperty("id").GetRawText(), second.GetProperty("id").GetRawText());
        Assert.NotEqual(second.GetProperty("id").GetRawText(), third.GetProperty("id").GetRawText());
        var before = Assert.Single(declined.GetProperty("draining_machines")[0].GetProperty("statuses").EnumerateArray());
        Assert.Equal(("DECLINE", frameworkId), (before.GetProperty("status").GetString(), before.GetProperty("framework_id").GetProperty("value").GetString()));
        Assert.True(before.GetProperty("timestamp").GetProperty("nanoseconds").GetInt64() > 0);
        var after = Assert.Single(accepted.GetProperty("draining_machines")[0].GetProperty("statuses").EnumerateArray());
        Assert.Equal("ACCEPT", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task DeclineInverseOffersRefuseZero_DefaultInterval_NewInverseOfferAtNextCycle()
    {
        // The master's default allocation interval (1 s): the next cycle must send a new inverse offer at once.
        await using var master = await MasterProcess.StartAsync(null);
        await using var agent = StartAgent(master, "127.0.9.9", "agent-refuse0");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master);
        await using var subscription = stream;
        await LaunchOnAsync(stream, frameworkId, (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0], "t-refuse0");

        await PostAsync(master, "maintenance/schedule", Schedule(Machine("agent-refuse0", "127.0.9.9")).Body);
        var first = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS")]).Single();
        var declinedAt = DateTime.UtcNow;
        Assert.Equal(202, (await stream.CallAsync(Answer("DECLINE_INVERSE_OFFERS", frameworkId, first, 0))).Status);
        var second = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS", TimeSpan.FromSeconds(5))]).Single();

        Assert.NotEqual(first.GetProperty("id").GetRawText(), second.GetProperty("id").GetRawText());
        Assert.True(DateTime.UtcNow - declinedAt < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task DeclineInverseOffersRefuseZero_FrameworkHoldingOnlyAnOffer_NewInverseOfferAtNextCycle()
    {
        await using var master = await MasterProcess.StartAsync(null);
        await using var agent = StartAgent(master, "127.0.9.10", "agent-refuse0-offer");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master);
        await using var subscription = stream;
        await NextAsync(stream, "OFFERS");

        await PostAsync(master, "maintenance/schedule", Schedule(Machine("agent-refuse0-offer", "127.0.9.10")).Body);
        var first = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS")]).Single();
        Assert.Equal(202, (await stream.CallAsync(Answer("DECLINE_INVERSE_OFFERS", frameworkId, first, 0))).Status);
        var second = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS", TimeSpan.FromSeconds(5))]).Single();

        Assert.NotEqual(first.GetProperty("id").GetRawText(), second.GetProperty("id").GetRawText());
    }

    [Fact]
    public async Task TwoDrainingAgents_DeclineOneWithLongFilter_OnlyTheOtherIsOfferedAgain()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var a1 = StartAgent(master, "127.0.9.5", "agent-29a");
        await using var a2 = StartAgent(master, "127.0.9.6", "agent-29b");
        var id1 = await a1.WaitRegisteredAsync();
        var id2 = await a2.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master);
        await using var subscription = stream;
        var launched = new HashSet<string>();
        while (launched.Count < 2)
        {
            foreach (var offer in (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers").EnumerateArray())
            {
                var agentId = offer.GetProperty("agent_id").GetProperty("value").GetString()!;
                if (launched.Add(agentId))
                {
                    await LaunchOnAsync(stream, frameworkId, offer, "t29-" + launched.Count);
                }
            }
        }

        await PostAsync(master, "maintenance/schedule", Schedule(Machine("agent-29a", "127.0.9.5"), Machine("agent-29b", "127.0.9.6")).Body);
        var pending = new Dictionary<string, JsonElement>();
        while (pending.Count < 2)
        {
            foreach (var inverse in InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS")]))
            {
                pending[inverse.GetProperty("agent_id").GetProperty("value").GetString()!] = inverse;
            }
        }

        Assert.Equal(202, (await stream.CallAsync(Answer("DECLINE_INVERSE_OFFERS", frameworkId, pending[id2], 3600))).Status);
        Assert.Equal(202, (await stream.CallAsync(Answer("ACCEPT_INVERSE_OFFERS", frameworkId, pending[id1], 0))).Status);
        var again = InverseOffersIn(await EventsForAsync(stream, TimeSpan.FromSeconds(2))).ToArray();

        Assert.NotEmpty(again);
        Assert.All(again, inverse => Assert.Equal(id1, inverse.GetProperty("agent_id").GetProperty("value").GetString()));
    }

    [Fact]
    public async Task AcceptInverseOffers_UnknownId_AcceptedAndMasterKeepsServing()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var (stream, frameworkId) = await SubscribeAsync(master);
        await using var subscription = stream;
        var bogus = JsonDocument.Parse("""{"id":{"value":"invalid-inverse-offer"}}""").RootElement;

        var reply = await stream.CallAsync(Answer("ACCEPT_INVERSE_OFFERS", frameworkId, bogus, 0));
        using var http = new HttpClient { BaseAddress = master.Url };
        using var health = await http.GetAsync("health", TestContext.Current.CancellationToken);

        Assert.Equal(202, reply.Status);
        Assert.Equal(200, (int)health.StatusCode);
        Assert.Equal("{}", (await StatusAsync(master)).GetRawText());
    }

    [Fact]
    public async Task MasterRestart_AnswersForgottenModesKeptInverseOffersSentAgain()
    {
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var workDir = Path.Combine(_root.FullName, "master");
        string[] flags = ["--port", port, "--allocation-interval", "200ms"];
        var master = await MasterProcess.StartAsync(workDir, flags);
        await using var agent = StartAgent(master, "127.0.9.7", "agent-31");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master);
        await LaunchOnAsync(stream, frameworkId, (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0], "t31");
        await PostAsync(master, "maintenance/schedule", Schedule(Machine("agent-31", "127.0.9.7"), Machine("down-31", "10.9.9.9")).Body);
        await PostAsync(master, "machine/down", "[" + Machine("down-31", "10.9.9.9") + "]");
        var inverse = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS")]).Single();
        Assert.Equal(202, (await stream.CallAsync(Answer("DECLINE_INVERSE_OFFERS", frameworkId, inverse, 3600))).Status);
        var answered = await StatusAsync(master);

        await master.KillAsync();
        await stream.DisposeAsync();
        await master.DisposeAsync();
        await using var second = await MasterProcess.StartAsync(workDir, flags);
        var restarted = await StatusAsync(second);
        var again = await SchedulerStream.SubscribeAsync(second.Url, Info.Replace("{", "{\"id\":{\"value\":\"" + frameworkId + "\"},", StringComparison.Ordinal), frameworkId);
        await using var resubscribed = again;
        var resent = await NextAsync(again, "INVERSE_OFFERS", TimeSpan.FromSeconds(60));

        Assert.Single(answered.GetProperty("draining_machines")[0].GetProperty("statuses").EnumerateArray());
        Assert.Equal("down-31", restarted.GetProperty("down_machines")[0].GetProperty("hostname").GetString());
        Assert.Equal("agent-31", restarted.GetProperty("draining_machines")[0].GetProperty("id").GetProperty("hostname").GetString());
        Assert.False(restarted.GetProperty("draining_machines")[0].TryGetProperty("statuses", out var statuses) && statuses.GetArrayLength() > 0);
        Assert.NotEmpty(resent.GetProperty("inverse_offers").GetProperty("inverse_offers").EnumerateArray());
    }

    [Fact]
    public async Task OfferTimeout_UnansweredOfferAndInverseOffer_RescindedThenMadeAgain()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--offer-timeout", "1s");
        await using var agent = StartAgent(master, "127.0.9.8", "agent-timeout");
        await agent.WaitRegisteredAsync();
        var (stream, _) = await SubscribeAsync(master);
        await using var subscription = stream;
        var first = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        var rescinded = await NextAsync(stream, "RESCIND");
        var again = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];

        await PostAsync(master, "maintenance/schedule", Schedule(Machine("agent-timeout", "127.0.9.8")).Body);
        var inverse = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS")]).Single();
        var inverseRescinded = await NextAsync(stream, "RESCIND_INVERSE_OFFER");
        var inverseAgain = InverseOffersIn([await NextAsync(stream, "INVERSE_OFFERS")]).Single();

        Assert.Equal(first.GetProperty("id").GetRawText(), rescinded.GetProperty("rescind").GetProperty("offer_id").GetRawText());
        Assert.NotEqual(first.GetProperty("id").GetRawText(), again.GetProperty("id").GetRawText());
        Assert.Equal(inverse.GetProperty("id").GetRawText(), inverseRescinded.GetProperty("rescind_inverse_offer").GetProperty("inverse_offer_id").GetRawText());
        Assert.NotEqual(inverse.GetProperty("id").GetRawText(), inverseAgain.GetProperty("id").GetRawText());
    }
}
