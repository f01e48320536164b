using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>
/// The scheduler API under bad input: every call type, for a live subscription (its <c>Mesos-Stream-Id</c> right, wrong
/// or missing), a framework that is known but not subscribed, and frameworks that do not exist; first the fixed cases
/// of issue 10, then seeded mutations (<c>DRYDOCK_FUZZ_SEED</c>). See <see cref="FuzzRun"/> for what is checked.
/// </summary>
public sealed class SchedulerFuzzTests
{
    private const int DefaultSeed = 7101;
    private const int RequestCount = 1200;
    private const int Concurrency = 4;

    /// <summary>The call types Drydock knows by name and does not serve: 501, as Mesos answers for what it does not serve.</summary>
    private static readonly HashSet<string> Unserved = new(StringComparer.Ordinal)
    {
        "SHUTDOWN", "MESSAGE", "REQUEST", "ACKNOWLEDGE_OPERATION_STATUS", "RECONCILE_OPERATIONS", "UPDATE_FRAMEWORK",
    };

    private static readonly string[] CallTypes =
    [
        "SUBSCRIBE", "TEARDOWN", "ACCEPT", "DECLINE", "REVIVE", "KILL", "SHUTDOWN", "ACKNOWLEDGE", "RECONCILE", "MESSAGE", "REQUEST",
        "SUPPRESS", "ACCEPT_INVERSE_OFFERS", "DECLINE_INVERSE_OFFERS", "ACKNOWLEDGE_OPERATION_STATUS", "RECONCILE_OPERATIONS",
        "UPDATE_FRAMEWORK",
    ];

    /// <summary>
    /// Issue 10's scheduler defects, sent exactly, on the live subscription: (1) a LAUNCH whose cpus is -1e400 or
    /// "-Infinity" (it stopped the master at the next allocation cycle), (2) a SUBSCRIBE whose failover_timeout is 1e400 or
    /// "Infinity" (every read endpoint answered 500 after it), (3) a LAUNCH with negative cpus (it overcommitted the agent).
    /// After each: the invariants (alive, /health 200, reads 200, used resources within [0, total]), and offers still come.
    /// </summary>
    public static TheoryData<string> FixedCases => new(
        "launch-cpus--1e400", "launch-cpus-string--Infinity", "launch-cpus--3", "launch-cpus-7-after--3",
        "subscribe-failover-1e400", "subscribe-failover-string-Infinity", "subscribe-failover-negative", "shutdown-agent-id-not-utf8");

    [Theory]
    [MemberData(nameof(FixedCases))]
    public async Task SchedulerApi_FixedBadCase_MasterStaysUpAndBooksRender(string name)
    {
        var seed = FuzzSeed.Get(DefaultSeed);
        await using var cluster = await FuzzCluster.StartAsync(seed);
        using var http = new HttpClient { BaseAddress = cluster.Master.Url, Timeout = TimeSpan.FromSeconds(60) };
        var run = new FuzzRun(cluster, http);
        var framework = cluster.Framework;

        switch (name)
        {
            case "launch-cpus--1e400":
                await LaunchAsync(cluster, "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":-1e400}}");
                break;
            case "launch-cpus-string--Infinity":
                await LaunchAsync(cluster, "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":\"-Infinity\"}}");
                break;
            case "launch-cpus--3":
                await LaunchAsync(cluster, "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":-3}}");
                break;
            case "launch-cpus-7-after--3":
                // The overcommit of defect 3: once -3 cpus are "used", an offer of 7 cpus must not come, nor a 7-cpu task run.
                await LaunchAsync(cluster, "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":-3}}");
                await LaunchAsync(cluster, "{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":7}}");
                break;
            case "shutdown-agent-id-not-utf8":
                // Found by this suite: an id whose bytes are not UTF-8 parsed, then threw when checked (a 500).
                var head = Encoding.UTF8.GetBytes("{\"type\":\"SHUTDOWN\",\"framework_id\":{\"value\":\"" + framework.FrameworkId + "\"},\"shutdown\":{\"executor_id\":{\"value\":\"e\"},\"agent_id\":{\"value\":\"ab");
                byte[] body = [.. head, 0x94, 0xAF, .. "cd\"}}}"u8.ToArray()];
                var refused = await run.SendAsync(new FuzzRequest(0, "api/v1/scheduler", MasterSession.Json, body, name) { Headers = [("Mesos-Stream-Id", framework.StreamId)] });
                Assert.True(refused.Status == 400, $"{name}: {refused}");
                break;
            default:
                var timeout = name switch
                {
                    "subscribe-failover-1e400" => "1e400",
                    "subscribe-failover-string-Infinity" => "\"Infinity\"",
                    _ => "-1",
                };
                var subscribe = "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"name\":\"fixed\",\"user\":\"root\",\"failover_timeout\":" + timeout + "}}}";
                var reply = await run.SendAsync(new FuzzRequest(0, "api/v1/scheduler", MasterSession.Json, Encoding.UTF8.GetBytes(subscribe), name));
                Assert.True(reply.Status is >= 200 and < 500, $"{name}: {reply}");
                break;
        }

        // A few allocation cycles with whatever the case left in the books.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await cluster.AssertInvariantsAsync("after the fixed case " + name);
        foreach (var path in new[] { "state", "state-summary", "master/frameworks", "slaves", "tasks" })
        {
            var read = await cluster.Master.GetAsync(path);
            Assert.True(read.Status == 200, $"{name}: GET /{path} {read}");
        }

        // The allocation loop still runs: the offers the framework holds go back, and it is offered again (a new offer).
        var held = framework.Offers.Select(o => o.GetProperty("id").GetRawText()).ToArray();
        foreach (var id in framework.Offers.Select(o => o.GetProperty("id").GetProperty("value").GetString()!))
        {
            framework.Forget(id);
        }

        await framework.CallAsync("{\"type\":\"DECLINE\",\"framework_id\":{\"value\":\"" + framework.FrameworkId + "\"},\"decline\":{\"offer_ids\":[" + string.Join(',', held) + "],\"filters\":{\"refuse_seconds\":0}}}");
        await framework.CallAsync("{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"" + framework.FrameworkId + "\"}}");
        Assert.True(await framework.OfferAsync(TimeSpan.FromSeconds(20)) is not null || framework.Ended, $"{name}: no offer after the case");
        await cluster.AssertInvariantsAsync("after the fixed case " + name);
    }

    [Fact]
    public async Task SchedulerApi_MutatedCallsOfEveryType_NeverServerErrorAndRefusalsChangeNothing()
    {
        var seed = FuzzSeed.Get(DefaultSeed);
        var random = new Random(seed);
        var mutator = new BodyMutator(random);
        await using var cluster = await FuzzCluster.StartAsync(seed);
        using var http = new HttpClient { BaseAddress = cluster.Master.Url, Timeout = TimeSpan.FromSeconds(60) };
        var run = new FuzzRun(cluster, http)
        {
            Allowed5xx = (request, reply) => reply.Status == 501 && TypeOf(request) is { } type && Unserved.Contains(type),
        };

        // Generated lazily, batch by batch, so each batch names the framework, agent and offers the cluster has then; the
        // generator draws from the seeded Random only, in order, so the sequence of choices is the seed's.
        await run.RunAsync(Enumerable.Range(0, RequestCount).Select(i => Next(i, random, mutator, cluster)), Concurrency);

        TestContext.Current.TestOutputHelper?.WriteLine($"seed={seed}: {run.Tally}");
        Assert.True(run.Tally.Refused > RequestCount / 3, $"seed={seed}: only {run.Tally}");
        Assert.True(run.Tally.CheckedBatches > RequestCount / Concurrency / 5, $"seed={seed}: only {run.Tally}");
        Assert.True(run.Tally.Accepted > 0, $"seed={seed}: nothing accepted: {run.Tally}");
    }

    private static FuzzRequest Next(int index, Random random, BodyMutator mutator, FuzzCluster cluster)
    {
        var type = CallTypes[random.Next(CallTypes.Length)];
        var frameworkId = random.Next(20) switch
        {
            < 14 => cluster.Framework.FrameworkId,
            < 17 => cluster.ParkedFrameworkId,
            < 19 => "no-such-framework",
            _ => string.Empty,
        };
        var valid = Template(type, frameworkId, cluster, random);
        var headers = (type, random.Next(10)) switch
        {
            ("SUBSCRIBE", < 9) => [],
            ("SUBSCRIBE", _) => [("Mesos-Stream-Id", cluster.Framework.StreamId)],
            (_, < 6) => [("Mesos-Stream-Id", cluster.Framework.StreamId)],
            (_, < 8) => [("Mesos-Stream-Id", "wrong-" + cluster.Framework.StreamId)],
            _ => Array.Empty<(string, string)>(),
        };
        var contentType = random.Next(25) == 0 ? "text/plain" : MasterSession.Json;
        if (random.Next(4) == 0)
        {
            return new FuzzRequest(index, "api/v1/scheduler", contentType, Encoding.UTF8.GetBytes(valid), "none") { Headers = headers };
        }

        var (body, edits) = mutator.Mutate(valid);
        return new FuzzRequest(index, "api/v1/scheduler", contentType, body, edits) { Headers = headers };
    }

    /// <summary>A valid call of <paramref name="type"/> naming what the cluster holds now (its offer, agent and task).</summary>
    private static string Template(string type, string frameworkId, FuzzCluster cluster, Random random)
    {
        var framework = "\"framework_id\":{\"value\":\"" + frameworkId + "\"}";
        var agent = "{\"value\":\"" + (cluster.Agent.AgentId ?? "none") + "\"}";
        var offers = cluster.Framework.Offers;
        // Drawn whether or not an offer is held, so the seed's sequence of draws does not depend on timing.
        var pick = random.Next(1000);
        var offer = offers.Count > 0 ? offers[pick % offers.Count].GetProperty("id").GetRawText() : "{\"value\":\"no-such-offer\"}";
        var task = "{\"value\":\"" + cluster.TaskId + "\"}";
        var uuid = Convert.ToBase64String(new Guid(random.Next(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).ToByteArray());
        var taskInfo = "{\"name\":\"t\",\"task_id\":{\"value\":\"fz-" + random.Next(1000) + "\"},\"agent_id\":" + agent
            + ",\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":0.1}},{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":16}}]"
            + ",\"command\":{\"value\":\"sleep 600\",\"shell\":true}}";
        return type switch
        {
            "SUBSCRIBE" when random.Next(4) == 0 =>
                "{\"type\":\"SUBSCRIBE\"," + framework + ",\"subscribe\":{\"framework_info\":{\"id\":{\"value\":\"" + frameworkId + "\"},\"name\":\"fz\",\"user\":\"root\",\"failover_timeout\":0}}}",
            "SUBSCRIBE" => "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"name\":\"fz\",\"user\":\"root\",\"roles\":[\"*\"],\"failover_timeout\":0,\"capabilities\":[{\"type\":\"MULTI_ROLE\"}]}}}",
            "TEARDOWN" => "{\"type\":\"TEARDOWN\"," + framework + "}",
            "ACCEPT" => "{\"type\":\"ACCEPT\"," + framework + ",\"accept\":{\"offer_ids\":[" + offer + "],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[" + taskInfo + "]}}],\"filters\":{\"refuse_seconds\":0}}}",
            "DECLINE" => "{\"type\":\"DECLINE\"," + framework + ",\"decline\":{\"offer_ids\":[" + offer + "],\"filters\":{\"refuse_seconds\":0.5}}}",
            "REVIVE" => "{\"type\":\"REVIVE\"," + framework + ",\"revive\":{\"roles\":[\"*\"]}}",
            "KILL" => "{\"type\":\"KILL\"," + framework + ",\"kill\":{\"task_id\":" + task + ",\"agent_id\":" + agent + ",\"kill_policy\":{\"grace_period\":{\"nanoseconds\":1000}}}}",
            "SHUTDOWN" => "{\"type\":\"SHUTDOWN\"," + framework + ",\"shutdown\":{\"executor_id\":" + task + ",\"agent_id\":" + agent + "}}",
            "ACKNOWLEDGE" => "{\"type\":\"ACKNOWLEDGE\"," + framework + ",\"acknowledge\":{\"agent_id\":" + agent + ",\"task_id\":" + task + ",\"uuid\":\"" + uuid + "\"}}",
            "RECONCILE" => "{\"type\":\"RECONCILE\"," + framework + ",\"reconcile\":{\"tasks\":[{\"task_id\":" + task + ",\"agent_id\":" + agent + "}]}}",
            "MESSAGE" => "{\"type\":\"MESSAGE\"," + framework + ",\"message\":{\"agent_id\":" + agent + ",\"executor_id\":" + task + ",\"data\":\"aGVsbG8=\"}}",
            "REQUEST" => "{\"type\":\"REQUEST\"," + framework + ",\"request\":{\"requests\":[{\"agent_id\":" + agent + ",\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1}}]}]}}",
            "SUPPRESS" => "{\"type\":\"SUPPRESS\"," + framework + ",\"suppress\":{\"roles\":[\"*\"]}}",
            "ACCEPT_INVERSE_OFFERS" => "{\"type\":\"ACCEPT_INVERSE_OFFERS\"," + framework + ",\"accept_inverse_offers\":{\"inverse_offer_ids\":[" + offer + "],\"filters\":{\"refuse_seconds\":1}}}",
            "DECLINE_INVERSE_OFFERS" => "{\"type\":\"DECLINE_INVERSE_OFFERS\"," + framework + ",\"decline_inverse_offers\":{\"inverse_offer_ids\":[" + offer + "],\"filters\":{\"refuse_seconds\":1}}}",
            "ACKNOWLEDGE_OPERATION_STATUS" => "{\"type\":\"ACKNOWLEDGE_OPERATION_STATUS\"," + framework + ",\"acknowledge_operation_status\":{\"agent_id\":" + agent + ",\"uuid\":\"" + uuid + "\",\"operation_id\":{\"value\":\"op\"}}}",
            "RECONCILE_OPERATIONS" => "{\"type\":\"RECONCILE_OPERATIONS\"," + framework + ",\"reconcile_operations\":{\"operations\":[{\"operation_id\":{\"value\":\"op\"},\"agent_id\":" + agent + "}]}}",
            _ => "{\"type\":\"UPDATE_FRAMEWORK\"," + framework + ",\"update_framework\":{\"framework_info\":{\"id\":{\"value\":\"" + frameworkId + "\"},\"name\":\"renamed\",\"user\":\"root\"}}}",
        };
    }

    /// <summary>The call type the body names, when it parses as a JSON object with a string type.</summary>
    private static string? TypeOf(FuzzRequest request)
    {
        try
        {
            return JsonNode.Parse(request.Body) is JsonObject call && call["type"] is JsonValue type && type.TryGetValue<string>(out var name) ? name : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>ACCEPT of the framework's next offer, launching one task with <paramref name="cpus"/> (a resource's JSON) and 16 mem.</summary>
    private static async Task LaunchAsync(FuzzCluster cluster, string cpus)
    {
        var framework = cluster.Framework;
        await framework.CallAsync("{\"type\":\"REVIVE\",\"framework_id\":{\"value\":\"" + framework.FrameworkId + "\"}}");
        var offer = await framework.OfferAsync(TimeSpan.FromSeconds(20));
        Assert.True(offer is not null, "no offer to launch with");
        var call = "{\"type\":\"ACCEPT\",\"framework_id\":{\"value\":\"" + framework.FrameworkId + "\"},\"accept\":{\"offer_ids\":[" + offer.Value.GetProperty("id").GetRawText()
            + "],\"operations\":[{\"type\":\"LAUNCH\",\"launch\":{\"task_infos\":[{\"name\":\"bad\",\"task_id\":{\"value\":\"bad-" + Guid.NewGuid().ToString("N")[..8] + "\"},\"agent_id\":"
            + offer.Value.GetProperty("agent_id").GetRawText() + ",\"resources\":[" + cpus + ",{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":16}}]"
            + ",\"command\":{\"value\":\"sleep 600\",\"shell\":true}}]}}],\"filters\":{\"refuse_seconds\":0}}}";
        var (status, body) = await framework.CallAsync(call);
        Assert.True(status is >= 200 and < 500, $"ACCEPT: {status} {body}");
        if (status != 202)
        {
            // Refused: the offer is still the framework's, so it is kept (and declined after the case).
            return;
        }

        framework.Forget(offer.Value.GetProperty("id").GetProperty("value").GetString()!);
    }
}
