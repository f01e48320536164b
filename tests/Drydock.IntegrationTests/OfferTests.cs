using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>Offers to a subscribed framework from real agents: shape, DECLINE filters, REVIVE, SUPPRESS, RESCIND.</summary>
public sealed class OfferTests : IDisposable
{
    private const string Info = """{"user":"root","name":"offer-test","roles":["*"]}""";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-offers-");

    public void Dispose() => _root.Delete(recursive: true);

    private async Task<(MasterProcess Master, AgentProcess[] Agents)> ClusterAsync(int agents, string ipPrefix)
    {
        var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--heartbeat-interval", "1s");
        var started = Enumerable.Range(1, agents).Select(i => AgentProcess.Start(
            master.Url, Path.Combine(_root.FullName, $"a{i}"), $"{ipPrefix}.{i}", $"agent-{i}", ["--resources", "cpus:2;mem:1024;disk:1000", "--attributes", $"rack:r{i}"])).ToArray();
        foreach (var agent in started)
        {
            await agent.WaitRegisteredAsync();
        }

        return (master, started);
    }

    private static async Task<JsonElement> NextOfOrSkipHeartbeatsAsync(SchedulerStream stream, string type, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var next = await stream.NextAsync(deadline - DateTime.UtcNow) ?? throw new InvalidOperationException("stream ended");
            if (next.GetProperty("type").GetString() == type)
            {
                return next;
            }
        }

        throw new TimeoutException($"No {type} event in time");
    }

    private static async Task<List<string>> EventTypesForAsync(SchedulerStream stream, TimeSpan span)
    {
        var types = new List<string>();
        var until = DateTime.UtcNow + span;
        while (DateTime.UtcNow < until)
        {
            try
            {
                var next = await stream.NextAsync(until - DateTime.UtcNow);
                types.Add(next?.GetProperty("type").GetString() ?? "END");
            }
            catch (TimeoutException)
            {
                break;
            }
        }

        return types;
    }

    private static JsonElement[] Offers(JsonElement offersEvent) =>
        offersEvent.GetProperty("offers").GetProperty("offers").EnumerateArray().ToArray();

    private static string Decline(string frameworkId, string offerId, double refuseSeconds) =>
        "{\"type\":\"DECLINE\",\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"decline\":{\"offer_ids\":[{\"value\":\"" + offerId
        + "\"}],\"filters\":{\"refuse_seconds\":" + refuseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}}";

    private static string Simple(string type, string frameworkId) =>
        "{\"type\":\"" + type + "\",\"framework_id\":{\"value\":\"" + frameworkId + "\"}}";

    [Fact]
    public async Task Subscribe_TwoAgents_OneOfferPerAgentWithUrlResourcesAndAttributes()
    {
        var (master, agents) = await ClusterAsync(2, "127.0.2");
        await using var _ = master;
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString();

        var offers = Offers(await NextOfOrSkipHeartbeatsAsync(stream, "OFFERS"));

        Assert.Equal(2, offers.Length);
        Assert.Equal(["127.0.2.1", "127.0.2.2"], offers.Select(o => o.GetProperty("url").GetProperty("address").GetProperty("ip").GetString()).Order());
        foreach (var offer in offers)
        {
            Assert.StartsWith(master.Id + "-O", offer.GetProperty("id").GetProperty("value").GetString(), StringComparison.Ordinal);
            Assert.Equal(frameworkId, offer.GetProperty("framework_id").GetProperty("value").GetString());
            Assert.Equal("http", offer.GetProperty("url").GetProperty("scheme").GetString());
            var ip = offer.GetProperty("url").GetProperty("address").GetProperty("ip").GetString()!;
            Assert.Equal(AgentProcess.PortFor(Path.Combine(_root.FullName, "a" + ip[^1]), ip), offer.GetProperty("url").GetProperty("address").GetProperty("port").GetInt32());
            var cpus = offer.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "cpus");
            Assert.Equal(2, cpus.GetProperty("scalar").GetProperty("value").GetDouble());
            Assert.Equal("TEXT", offer.GetProperty("attributes")[0].GetProperty("type").GetString());
            Assert.False(offer.TryGetProperty("unavailability", out JsonElement _));
        }

        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    [Fact]
    public async Task Decline_WithLongFilter_NotReofferedUntilRevive()
    {
        var (master, agents) = await ClusterAsync(1, "127.0.3");
        await using var _ = master;
        await using var agent = agents[0];
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = Offers(await NextOfOrSkipHeartbeatsAsync(stream, "OFFERS"))[0].GetProperty("id").GetProperty("value").GetString()!;

        Assert.Equal(202, (await stream.CallAsync(Decline(frameworkId, offer, 3600))).Status);
        var quiet = await EventTypesForAsync(stream, TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("OFFERS", quiet);

        Assert.Equal(202, (await stream.CallAsync(Simple("REVIVE", frameworkId))).Status);
        var again = Offers(await NextOfOrSkipHeartbeatsAsync(stream, "OFFERS"));
        Assert.NotEqual(offer, again[0].GetProperty("id").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Suppress_ThenDeclineWithoutFilter_NoMoreOffers()
    {
        var (master, agents) = await ClusterAsync(1, "127.0.4");
        await using var _ = master;
        await using var agent = agents[0];
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = Offers(await NextOfOrSkipHeartbeatsAsync(stream, "OFFERS"))[0].GetProperty("id").GetProperty("value").GetString()!;

        Assert.Equal(202, (await stream.CallAsync(Simple("SUPPRESS", frameworkId))).Status);
        Assert.Equal(202, (await stream.CallAsync(Decline(frameworkId, offer, 0))).Status);

        Assert.DoesNotContain("OFFERS", await EventTypesForAsync(stream, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task AgentLeaves_OutstandingOffer_IsRescinded()
    {
        var (master, agents) = await ClusterAsync(1, "127.0.5");
        await using var _ = master;
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        await stream.NextAsync();
        var offer = Offers(await NextOfOrSkipHeartbeatsAsync(stream, "OFFERS"))[0].GetProperty("id").GetProperty("value").GetString();

        Assert.Equal(0, await agents[0].SignalAndWaitAsync("USR1", TimeSpan.FromSeconds(30)));
        var rescind = await NextOfOrSkipHeartbeatsAsync(stream, "RESCIND");

        Assert.Equal(offer, rescind.GetProperty("rescind").GetProperty("offer_id").GetProperty("value").GetString());
        await agents[0].DisposeAsync();
    }

    [Fact]
    public async Task ScheduledMachine_Offers_CarryUnavailability()
    {
        var (master, agents) = await ClusterAsync(1, "127.0.6");
        await using var _ = master;
        await using var agent = agents[0];
        using (var http = new HttpClient { BaseAddress = master.Url })
        {
            const string schedule = """{"windows":[{"machine_ids":[{"hostname":"agent-1","ip":"127.0.6.1"}],"unavailability":{"start":{"nanoseconds":1795551078298638600},"duration":{"nanoseconds":7200000000000}}}]}""";
            using var response = await http.PostAsync("maintenance/schedule", new StringContent(schedule, Encoding.UTF8), TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode);
        }

        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var offer = Offers(await NextOfOrSkipHeartbeatsAsync(stream, "OFFERS"))[0];

        var unavailability = offer.GetProperty("unavailability");
        Assert.Equal(1795551078298638600, unavailability.GetProperty("start").GetProperty("nanoseconds").GetInt64());
        Assert.Equal(7200000000000, unavailability.GetProperty("duration").GetProperty("nanoseconds").GetInt64());
    }
}
