using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A master with what the fuzz tests fire at: a simulated agent kept registered (so the success paths of DRAIN_AGENT,
/// DEACTIVATE_AGENT and REACTIVATE_AGENT can be taken) and a subscribed framework reading its events, both brought back
/// when an accepted request removed them. It checks the invariants that hold after every batch and takes the digest
/// of the books that a refused request must leave as they were.
/// </summary>
internal sealed class FuzzCluster : IAsyncDisposable
{
    /// <summary>Keys whose values change on their own (times, offers, acknowledgement marks): left out of the digest.</summary>
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
    {
        "timestamp", "registered_time", "reregistered_time", "unregistered_time", "offered_resources", "allocated_resources",
        "statuses", "status_update_state", "status_update_uuid", "offers", "inverse_offers", "active", "connected", "recovered",
    };

    private static readonly string[] TaskLists = ["tasks", "completed_tasks", "unreachable_tasks", "orphan_tasks"];
    private static readonly string[] FrameworkLists = ["frameworks", "completed_frameworks"];
    private static readonly string[] AgentLists = ["agents", "recovered_agents"];
    private static readonly string[] ReadCalls = ["GET_STATE", "GET_TASKS", "GET_FRAMEWORKS"];
    private static readonly string[] Scalars = ["cpus", "mem", "disk"];

    private int _agents;
    private int _frameworks;

    private FuzzCluster(MasterSession master, int seed)
    {
        Master = master;
        Seed = seed;
    }

    public MasterSession Master { get; }

    public int Seed { get; }

    public SimulatedAgent Agent { get; private set; } = null!;

    public FuzzFramework Framework { get; private set; } = null!;

    /// <summary>A framework that subscribed and went away: known and disconnected (failover timeout of an hour).</summary>
    public string ParkedFrameworkId { get; private set; } = string.Empty;

    /// <summary>A task the framework launched on the agent, kept running for KILL and RECONCILE to name.</summary>
    public string TaskId { get; private set; } = string.Empty;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<FuzzCluster> StartAsync(int seed, params string[] masterFlags)
    {
        var master = await MasterSession.StartAsync(null, ["--allocation-interval", "100ms", .. masterFlags]);
        var cluster = new FuzzCluster(master, seed);
        try
        {
            await using (var parked = await FuzzFramework.SubscribeAsync(master.Url, "fuzz-parked"))
            {
                cluster.ParkedFrameworkId = parked.FrameworkId;
            }

            await cluster.EnsureAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Brings the agent and the framework back after accepted requests: a new agent if it is gone, unregistered or its
    /// channel ended; reactivated if deactivated (after a drain once it is DRAINED); a new framework (with a running task)
    /// if the framework's stream ended or it is no longer connected (the old one is torn down). Then waits for the books
    /// to settle.
    /// </summary>
    public async Task EnsureAsync()
    {
        var state = await GetStateAsync();
        var agents = state["get_agents"]?["agents"]?.AsArray() ?? [];
        var mine = Agent is null ? null : agents.FirstOrDefault(a => a?["agent_info"]?["id"]?["value"]?.GetValue<string>() == Agent.AgentId);
        if (Agent is null || Agent.Ended is not null || mine is null)
        {
            if (Agent is not null)
            {
                await Agent.DisposeAsync();
            }

            var index = ++_agents;
            Agent = await SimulatedAgent.RegisterAsync(Master.Url, string.Create(CultureInfo.InvariantCulture, $"fuzz-agent-{index}"), string.Create(CultureInfo.InvariantCulture, $"127.0.9.{index % 250}"), Token);
        }
        else if (mine["deactivated"]?.GetValue<bool>() == true)
        {
            // A drain is over only once DRAINED: wait for it (the framework acknowledges the kills), then reactivate.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                var reply = await Master.CallAsync("{\"type\":\"REACTIVATE_AGENT\",\"reactivate_agent\":{\"agent_id\":{\"value\":\"" + Agent.AgentId + "\"}}}");
                if (reply.Status == 200)
                {
                    break;
                }

                await Task.Delay(100, Token);
            }
        }

        if (Framework is null || Framework.Ended || !(state["get_frameworks"]?["frameworks"]?.AsArray() ?? []).Any(f => f?["framework_info"]?["id"]?["value"]?.GetValue<string>() == Framework.FrameworkId && f?["connected"]?.GetValue<bool>() != false))
        {
            if (Framework is not null)
            {
                // Taken over by a fuzzed SUBSCRIBE (whose stream then closed) or ended: torn down now, so its removal (and
                // its task's kill) happens before the books settle, not a failover timeout later, during a batch whose
                // books are compared.
                await Master.CallAsync("{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"" + Framework.FrameworkId + "\"}}}");
                await Framework.DisposeAsync();
            }

            Framework = await FuzzFramework.SubscribeAsync(Master.Url, string.Create(CultureInfo.InvariantCulture, $"fuzz-framework-{++_frameworks}"));
            await LaunchAsync();
        }

        await SettleAsync();
    }

    /// <summary>The books, without what changes on its own: what a refused request must leave byte for byte as it was.</summary>
    public async Task<string> DigestAsync()
    {
        var state = await GetStateAsync();
        var tasks = TaskLists
            .SelectMany(list => state["get_tasks"]?[list]?.AsArray() ?? [])
            .Select(Strip)
            .OrderBy(t => t, StringComparer.Ordinal);
        var frameworks = FrameworkLists
            .SelectMany(list => state["get_frameworks"]?[list]?.AsArray() ?? [])
            .Select(f => Strip(f?["framework_info"]))
            .Distinct()
            .OrderBy(f => f, StringComparer.Ordinal);
        var agents = AgentLists
            .SelectMany(list => state["get_agents"]?[list]?.AsArray() ?? [])
            .Select(Strip)
            .OrderBy(a => a, StringComparer.Ordinal);
        var weights = Replies.AssertJson(await Master.CallAsync("{\"type\":\"GET_WEIGHTS\"}"));
        var schedule = await Master.ScheduleAsync();
        return string.Join('\n', ["tasks:", .. tasks, "frameworks:", .. frameworks, "agents:", .. agents, "weights: " + weights, "schedule: " + schedule]);
    }

    /// <summary>
    /// What holds after every batch, whatever was sent: the process runs, <c>/health</c> is 200, every read endpoint the
    /// fuzzing could break answers 200 with JSON, and no agent's used resources are negative or above its total.
    /// </summary>
    public async Task AssertInvariantsAsync(string context)
    {
        Assert.False(Master.Process.HasExited, $"seed={Seed}: the master died {context}\n{Master.Process.Output}");
        var health = await Master.GetAsync("health");
        Assert.True(health.Status == 200, $"seed={Seed}: /health {health} {context}");
        var state = JsonNode.Parse(Replies.AssertJson(await Master.GetAsync("state")))!;
        foreach (var call in ReadCalls)
        {
            var reply = await Master.CallAsync("{\"type\":\"" + call + "\"}");
            Assert.True(reply.Status == 200, $"seed={Seed}: {call} {reply} {context}");
            using var parsed = JsonDocument.Parse(reply.BodyBytes);
        }

        foreach (var slave in state["slaves"]?.AsArray() ?? [])
        {
            foreach (var name in Scalars)
            {
                var used = slave?["used_resources"]?[name]?.GetValue<double>() ?? 0;
                var total = slave?["resources"]?[name]?.GetValue<double>() ?? 0;
                Assert.True(used >= 0 && used <= total, $"seed={Seed}: agent {slave?["id"]} uses {used} {name} of {total} {context}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Framework is not null)
        {
            await Framework.DisposeAsync();
        }

        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }

        await Master.DisposeAsync();
    }

    /// <summary>Waits until two digests a little apart agree (updates and their acknowledgements, drains finishing).</summary>
    public async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var before = await DigestAsync();
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(150, Token);
            var now = await DigestAsync();
            if (now == before)
            {
                return;
            }

            before = now;
        }
    }

    private async Task LaunchAsync()
    {
        if (await Framework.OfferAsync(TimeSpan.FromSeconds(20)) is not { } offer)
        {
            return;
        }

        TaskId = "fuzz-task-" + Framework.FrameworkId[^4..].Replace('-', 'x');
        Framework.Forget(offer.GetProperty("id").GetProperty("value").GetString()!);
        var reply = await Framework.CallAsync(SchedulerCalls.Accept(Framework.FrameworkId, offer, TaskId, "sleep 600"));
        Assert.True(reply.Status == 202, $"seed={Seed}: the fixture's launch: {reply.Status} {reply.Body}");
    }

    private async Task<JsonNode> GetStateAsync() =>
        JsonNode.Parse(Replies.AssertJson(await Master.CallAsync("{\"type\":\"GET_STATE\"}")))!["get_state"]!;

    private static string Strip(JsonNode? node)
    {
        var copy = node?.DeepClone();
        Remove(copy);
        return copy?.ToJsonString() ?? "null";
    }

    private static void Remove(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToArray())
                {
                    if (Volatile.Contains(key))
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        Remove(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Remove(item);
                }

                break;
        }
    }
}
