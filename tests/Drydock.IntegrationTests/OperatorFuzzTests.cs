using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests;

/// <summary>
/// The operator API (<c>POST /api/v1</c>) under bad input: every call type, against a cluster with a simulated agent
/// kept registered and a framework with a running task, so the success paths of DRAIN_AGENT, DEACTIVATE_AGENT and
/// REACTIVATE_AGENT are taken too; fixed bad numbers and ids first, then seeded mutations (<c>DRYDOCK_FUZZ_SEED</c>).
/// See <see cref="FuzzRun"/> for what is checked after every batch.
/// </summary>
public sealed class OperatorFuzzTests
{
    private const int DefaultSeed = 7202;
    private const int RequestCount = 1200;
    private const int Concurrency = 4;

    /// <summary>The call types Drydock knows by name and does not serve (501, as Mesos answers for UNKNOWN).</summary>
    private static readonly HashSet<string> Unserved = new(StringComparer.Ordinal)
    {
        "UNKNOWN", "SET_LOGGING_LEVEL", "LIST_FILES", "READ_FILE", "GET_OPERATIONS", "RESERVE_RESOURCES", "UNRESERVE_RESOURCES",
        "CREATE_VOLUMES", "DESTROY_VOLUMES", "GROW_VOLUME", "SHRINK_VOLUME", "GET_QUOTA", "UPDATE_QUOTA", "SET_QUOTA", "REMOVE_QUOTA",
    };

    private static readonly string[] CallTypes = Enum.GetNames<Drydock.Protocol.Operator.OperatorCallType>();

    /// <summary>Bad numbers and ids in the operator calls that take them: each must be refused (4xx) and change nothing.</summary>
    private static readonly (string Name, Func<FuzzCluster, string> Body)[] FixedRefusals =
    [
        ("weights-1e400", _ => Weights("1e400")),
        ("weights-string-Infinity", _ => Weights("\"Infinity\"")),
        ("weights-NaN-string", _ => Weights("\"NaN\"")),
        ("weights-negative", _ => Weights("-1")),
        ("weights-zero", _ => Weights("0")),
        ("drain-grace-negative", c => Drain(c.Agent.AgentId!, "-1")),
        ("drain-grace-1e400", c => Drain(c.Agent.AgentId!, "1e400")),
        ("drain-grace-string-Infinity", c => Drain(c.Agent.AgentId!, "\"Infinity\"")),
        ("drain-grace-over-int64", c => Drain(c.Agent.AgentId!, "9223372036854775808")),
        ("drain-unknown-agent", _ => Drain("no-such-agent", "1")),
        ("deactivate-empty-id", _ => AgentCall("DEACTIVATE_AGENT", string.Empty)),
        ("deactivate-slash-id", _ => AgentCall("DEACTIVATE_AGENT", "/")),
        ("deactivate-dotdot-id", _ => AgentCall("DEACTIVATE_AGENT", "..")),
        ("deactivate-10k-id", _ => AgentCall("DEACTIVATE_AGENT", new string('a', 10_000))),
        ("reactivate-control-id", _ => AgentCall("REACTIVATE_AGENT", "a\\u0001b")),
        ("mark-gone-empty-id", _ => AgentCall("MARK_AGENT_GONE", string.Empty)),
        ("mark-gone-unknown-id", _ => AgentCall("MARK_AGENT_GONE", "no-such-agent")),
        ("teardown-empty-id", _ => "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"\"}}}"),
        ("teardown-dotdot-id", _ => "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"..\"}}}"),
        ("schedule-duration-1e400", _ => Bodies.V1Update("{\"windows\":[{\"machine_ids\":[" + Bodies.M1 + "],\"unavailability\":{\"start\":{\"nanoseconds\":1},\"duration\":{\"nanoseconds\":1e400}}}]}")),
        ("schedule-start-string-Infinity", _ => Bodies.V1Update("{\"windows\":[{\"machine_ids\":[" + Bodies.M1 + "],\"unavailability\":{\"start\":{\"nanoseconds\":\"Infinity\"}}}]}")),
        ("schedule-duration-negative", _ => Bodies.V1Update("{\"windows\":[{\"machine_ids\":[" + Bodies.M1 + "],\"unavailability\":{\"start\":{\"nanoseconds\":1},\"duration\":{\"nanoseconds\":-1}}}]}")),
        ("schedule-hostname-empty", _ => Bodies.V1Update("{\"windows\":[{\"machine_ids\":[{\"hostname\":\"\"}],\"unavailability\":{\"start\":{\"nanoseconds\":1}}}]}")),
        ("get-metrics-timeout-1e400", _ => "{\"type\":\"GET_METRICS\",\"get_metrics\":{\"timeout\":{\"nanoseconds\":1e400}}}"),
    ];

    [Fact]
    public async Task OperatorApi_FixedBadNumbersAndIds_RefusedAndChangeNothing()
    {
        var seed = FuzzSeed.Get(DefaultSeed);
        await using var cluster = await FuzzCluster.StartAsync(seed);
        var wrong = new List<string>();

        // Every case is sent even after one went wrong, so one run names them all; an accepted one is undone.
        foreach (var (name, body) in FixedRefusals)
        {
            var before = await cluster.DigestAsync();
            var reply = await cluster.Master.CallAsync(body(cluster));
            await cluster.AssertInvariantsAsync("after the fixed case " + name);
            if (reply.Status is < 400 or >= 500)
            {
                wrong.Add($"{name}: expected a refusal, got {reply}");
                await cluster.EnsureAsync();
                continue;
            }

            var after = await cluster.DigestAsync();
            if (before != after)
            {
                wrong.Add($"{name} was refused ({reply}) but the books changed.\nBefore:\n{before}\nAfter:\n{after}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public async Task OperatorApi_DeactivateReactivateDrain_SucceedOnTheKeptAgentAndBooksRender()
    {
        var seed = FuzzSeed.Get(DefaultSeed);
        await using var cluster = await FuzzCluster.StartAsync(seed);
        var agent = cluster.Agent.AgentId!;

        Replies.AssertOk(await cluster.Master.CallAsync(AgentCall("DEACTIVATE_AGENT", agent)));
        Assert.True(await AgentAsync(cluster, agent, a => a["deactivated"]?.GetValue<bool>() == true), "not deactivated");
        Replies.AssertOk(await cluster.Master.CallAsync(AgentCall("REACTIVATE_AGENT", agent)));
        Assert.True(await AgentAsync(cluster, agent, a => a["deactivated"]?.GetValue<bool>() != true), "not reactivated");
        await cluster.AssertInvariantsAsync("after DEACTIVATE_AGENT and REACTIVATE_AGENT");

        // The drain kills the framework's task; the framework acknowledges, so the drain finishes and can be ended.
        Replies.AssertOk(await cluster.Master.CallAsync(Drain(agent, "1")));
        Assert.True(await AgentAsync(cluster, agent, a => a["drain_info"]?["state"]?.GetValue<string>() == "DRAINED"), "not DRAINED");
        await cluster.AssertInvariantsAsync("after DRAIN_AGENT");
        Replies.AssertOk(await cluster.Master.CallAsync(AgentCall("REACTIVATE_AGENT", agent)));
        Assert.True(await AgentAsync(cluster, agent, a => a["drain_info"] is null && a["deactivated"]?.GetValue<bool>() != true), "drain not ended");
        await cluster.AssertInvariantsAsync("after REACTIVATE_AGENT of a drained agent");
    }

    [Fact]
    public async Task OperatorApi_MutatedCallsOfEveryType_NeverServerErrorAndRefusalsChangeNothing()
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

        await run.RunAsync(Enumerable.Range(0, RequestCount).Select(i => Next(i, random, mutator, cluster)), Concurrency);

        TestContext.Current.TestOutputHelper?.WriteLine($"seed={seed}: {run.Tally}");
        Assert.True(run.Tally.Refused > RequestCount / 3, $"seed={seed}: only {run.Tally}");
        Assert.True(run.Tally.CheckedBatches > RequestCount / Concurrency / 5, $"seed={seed}: only {run.Tally}");
        Assert.True(run.Tally.Accepted > 0, $"seed={seed}: nothing accepted: {run.Tally}");
    }

    private static FuzzRequest Next(int index, Random random, BodyMutator mutator, FuzzCluster cluster)
    {
        var type = CallTypes[random.Next(CallTypes.Length)];
        var valid = Template(type, cluster, random);
        var path = new[] { "api/v1", "/master/api/v1", "/mesos/api/v1" }[random.Next(3)];
        var contentType = random.Next(25) == 0 ? null : MasterSession.Json;
        if (random.Next(4) == 0)
        {
            return new FuzzRequest(index, path, contentType, Encoding.UTF8.GetBytes(valid), "none");
        }

        var (body, edits) = mutator.Mutate(valid);
        return new FuzzRequest(index, path, contentType, body, edits);
    }

    /// <summary>A valid call of <paramref name="type"/> naming the cluster's agent, framework and machines.</summary>
    private static string Template(string type, FuzzCluster cluster, Random random)
    {
        var agent = random.Next(10) == 0 ? "no-such-agent" : cluster.Agent.AgentId ?? "none";
        var framework = random.Next(10) == 0 ? cluster.ParkedFrameworkId : cluster.Framework.FrameworkId;
        var machine = "{\"hostname\":\"" + cluster.Agent.Hostname + "\",\"ip\":\"" + cluster.Agent.Ip + "\"}";
        return type switch
        {
            "GET_METRICS" => "{\"type\":\"GET_METRICS\",\"get_metrics\":{\"timeout\":{\"nanoseconds\":1000000000}}}",
            "SET_LOGGING_LEVEL" => "{\"type\":\"SET_LOGGING_LEVEL\",\"set_logging_level\":{\"level\":1,\"duration\":{\"nanoseconds\":1000000000}}}",
            "LIST_FILES" => "{\"type\":\"LIST_FILES\",\"list_files\":{\"path\":\"/master/log\"}}",
            "READ_FILE" => "{\"type\":\"READ_FILE\",\"read_file\":{\"path\":\"/master/log\",\"offset\":0,\"length\":100}}",
            "UPDATE_WEIGHTS" => Weights(random.Next(2) == 0 ? "2.5" : "1"),
            "UPDATE_MAINTENANCE_SCHEDULE" => Bodies.V1Update(random.Next(3) == 0 ? "{}" : Bodies.ScheduleOf(Bodies.M1, Bodies.M3)),
            "START_MAINTENANCE" => Bodies.V1Start(random.Next(2) == 0 ? Bodies.M1 : machine),
            "STOP_MAINTENANCE" => Bodies.V1Stop(random.Next(2) == 0 ? Bodies.M1 : machine),
            "DRAIN_AGENT" => Drain(agent, random.Next(2) == 0 ? "1" : "0"),
            "DEACTIVATE_AGENT" or "REACTIVATE_AGENT" or "MARK_AGENT_GONE" => AgentCall(type, agent),
            "TEARDOWN" => "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"" + framework + "\"}}}",
            "RESERVE_RESOURCES" or "UNRESERVE_RESOURCES" => "{\"type\":\"" + type + "\",\"" + type.ToLowerInvariant() + "\":{\"agent_id\":{\"value\":\"" + agent
                + "\"},\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":1},\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"fuzz\"}]}]}}",
            "UPDATE_QUOTA" => "{\"type\":\"UPDATE_QUOTA\",\"update_quota\":{\"quota_configs\":[{\"role\":\"fuzz\",\"guarantees\":{\"cpus\":{\"value\":1}},\"limits\":{\"cpus\":{\"value\":2}}}]}}",
            _ => "{\"type\":\"" + type + "\"}",
        };
    }

    private static string Weights(string weight) =>
        "{\"type\":\"UPDATE_WEIGHTS\",\"update_weights\":{\"weight_infos\":[{\"weight\":" + weight + ",\"role\":\"fuzz\"}]}}";

    /// <summary>DRAIN_AGENT with <c>max_grace_period</c> (a google.protobuf.Duration) of <paramref name="graceSeconds"/> seconds.</summary>
    private static string Drain(string agentId, string graceSeconds) =>
        "{\"type\":\"DRAIN_AGENT\",\"drain_agent\":{\"agent_id\":{\"value\":\"" + agentId + "\"},\"max_grace_period\":{\"seconds\":" + graceSeconds + ",\"nanos\":0},\"mark_gone\":false}}";

    private static string AgentCall(string type, string agentId) =>
        "{\"type\":\"" + type + "\",\"" + type.ToLowerInvariant() + "\":{\"agent_id\":{\"value\":\"" + agentId + "\"}}}";

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

    /// <summary>Polls GET_AGENTS until the agent matches (true) or 20 s pass (false).</summary>
    private static async Task<bool> AgentAsync(FuzzCluster cluster, string agentId, Func<JsonNode, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var agents = JsonNode.Parse(Replies.AssertJson(await cluster.Master.CallAsync("{\"type\":\"GET_AGENTS\"}")))!["get_agents"]?["agents"]?.AsArray() ?? [];
            if (agents.FirstOrDefault(a => a?["agent_info"]?["id"]?["value"]?.GetValue<string>() == agentId) is { } agent && match(agent))
            {
                return true;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return false;
    }
}
