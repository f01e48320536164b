using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>The v1 operator API's read calls over a live cluster: a real agent, a framework and a running task.</summary>
public sealed class OperatorStateTests : IDisposable
{
    private const string Info = """{"user":"root","name":"operator-test","roles":["*"],"checkpoint":true,"failover_timeout":60,"capabilities":[{"type":"PARTITION_AWARE"}]}""";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-operator-");

    public void Dispose() => _root.Delete(recursive: true);

    private static async Task<JsonElement> CallAsync(MasterProcess master, string type)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var reply = await http.PostAsync("api/v1", new StringContent("{\"type\":\"" + type + "\"}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)reply.StatusCode);
        Assert.Equal("application/json", reply.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(type, document.RootElement.GetProperty("type").GetString());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task ReadCalls_LiveCluster_DescribeMasterAgentsFrameworksAndTasks()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--weights", "*=3,web=2");
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.10.1", "agent-op", ["--resources", "cpus:2;mem:1024;disk:1000;ports:[31000-31009]"]);
        var agentId = await agent.WaitRegisteredAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "op-task", "sleep 30"))).Status);
        var running = await NextStatusAsync(stream, "TASK_RUNNING", frameworkId);
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, running))).Status);

        var masterInfo = (await CallAsync(master, "GET_MASTER")).GetProperty("get_master");
        var agents = (await CallAsync(master, "GET_AGENTS")).GetProperty("get_agents");
        var frameworks = (await CallAsync(master, "GET_FRAMEWORKS")).GetProperty("get_frameworks");
        var tasks = (await CallAsync(master, "GET_TASKS")).GetProperty("get_tasks");
        var roles = (await CallAsync(master, "GET_ROLES")).GetProperty("get_roles");
        var executors = (await CallAsync(master, "GET_EXECUTORS")).GetProperty("get_executors");
        var state = (await CallAsync(master, "GET_STATE")).GetProperty("get_state");

        Assert.Equal(master.Id, masterInfo.GetProperty("master_info").GetProperty("id").GetString());
        Assert.Equal(16777343u, masterInfo.GetProperty("master_info").GetProperty("ip").GetUInt32());
        Assert.Equal(master.Url.Port, masterInfo.GetProperty("master_info").GetProperty("address").GetProperty("port").GetInt32());
        Assert.True(masterInfo.GetProperty("start_time").GetDouble() > 1.7e9);

        var listed = Assert.Single(agents.GetProperty("agents").EnumerateArray());
        Assert.Equal(agentId, listed.GetProperty("agent_info").GetProperty("id").GetProperty("value").GetString());
        Assert.Equal("agent-op", listed.GetProperty("agent_info").GetProperty("hostname").GetString());
        Assert.True(listed.GetProperty("active").GetBoolean());
        Assert.Equal($"slave(1)@127.0.10.1:{AgentProcess.PortFor(Path.Combine(_root.FullName, "agent"), "127.0.10.1")}", listed.GetProperty("pid").GetString());
        Assert.True(listed.GetProperty("registered_time").GetProperty("nanoseconds").GetInt64() > 0);
        Assert.Contains(listed.GetProperty("allocated_resources").EnumerateArray(), r => r.GetProperty("name").GetString() == "cpus" && r.GetProperty("scalar").GetProperty("value").GetDouble() == 0.1);
        Assert.False(agents.TryGetProperty("recovered_agents", out _));

        var framework = Assert.Single(frameworks.GetProperty("frameworks").EnumerateArray());
        Assert.Equal(frameworkId, framework.GetProperty("framework_info").GetProperty("id").GetProperty("value").GetString());
        Assert.Equal(60, framework.GetProperty("framework_info").GetProperty("failover_timeout").GetDouble());
        Assert.Equal("PARTITION_AWARE", framework.GetProperty("framework_info").GetProperty("capabilities")[0].GetProperty("type").GetString());
        Assert.True(framework.GetProperty("active").GetBoolean() && framework.GetProperty("connected").GetBoolean());
        Assert.False(framework.GetProperty("recovered").GetBoolean());

        var task = Assert.Single(tasks.GetProperty("tasks").EnumerateArray());
        Assert.Equal(("op-task", "TASK_RUNNING", agentId), (task.GetProperty("task_id").GetProperty("value").GetString(), task.GetProperty("state").GetString(), task.GetProperty("agent_id").GetProperty("value").GetString()));
        Assert.Equal(["TASK_STAGING", "TASK_RUNNING"], task.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
        Assert.False(tasks.TryGetProperty("completed_tasks", out _));

        // A role with a weight set is listed even with no framework in it.
        Assert.Equal(["*", "web"], roles.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var role = roles.GetProperty("roles")[0];
        Assert.Equal(frameworkId, role.GetProperty("frameworks")[0].GetProperty("value").GetString());
        Assert.Equal(3, role.GetProperty("weight").GetDouble());
        Assert.Equal(2, roles.GetProperty("roles")[1].GetProperty("weight").GetDouble());
        Assert.False(roles.GetProperty("roles")[1].TryGetProperty("frameworks", out _));
        Assert.False(executors.TryGetProperty("executors", out _));
        Assert.Equal(agentId, state.GetProperty("get_agents").GetProperty("agents")[0].GetProperty("agent_info").GetProperty("id").GetProperty("value").GetString());
        Assert.Equal("op-task", state.GetProperty("get_tasks").GetProperty("tasks")[0].GetProperty("name").GetString());
        Assert.Equal(frameworkId, state.GetProperty("get_frameworks").GetProperty("frameworks")[0].GetProperty("framework_info").GetProperty("id").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Subscribe_ClusterChanges_SnapshotThenEventsInOrder()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--heartbeat-interval", "1s");
        await using var events = await SchedulerStream.OpenAsync(master.Url, "api/v1", """{"type":"SUBSCRIBE"}""");
        var subscribed = (await events.NextAsync())!.Value;
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.10.2", "agent-ev", ["--resources", "cpus:2;mem:1024;disk:1000"]);
        var agentId = await agent.WaitRegisteredAsync();
        var agentAdded = await NextAsync(events, "AGENT_ADDED");
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var frameworkAdded = await NextAsync(events, "FRAMEWORK_ADDED");
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "ev-task", "sleep 30"))).Status);
        var taskAdded = await NextAsync(events, "TASK_ADDED");
        var taskUpdated = await NextAsync(events, "TASK_UPDATED");
        await NextAsync(events, "HEARTBEAT", TimeSpan.FromSeconds(10));
        Assert.Equal(202, (await stream.CallAsync(SchedulerStream.Teardown(frameworkId))).Status);
        var frameworkRemoved = await NextAsync(events, "FRAMEWORK_REMOVED");
        using (var http = new HttpClient { BaseAddress = master.Url })
        {
            const string machine = "{\"hostname\":\"agent-ev\",\"ip\":\"127.0.10.2\"}";
            using var schedule = await http.PostAsync("maintenance/schedule", new StringContent("{\"windows\":[{\"machine_ids\":[" + machine + "],\"unavailability\":{\"start\":{\"nanoseconds\":1}}}]}"), TestContext.Current.CancellationToken);
            using var down = await http.PostAsync("machine/down", new StringContent("[" + machine + "]"), TestContext.Current.CancellationToken);
            Assert.Equal(200, (int)down.StatusCode);
        }

        var agentRemoved = await NextAsync(events, "AGENT_REMOVED");

        Assert.Equal(1, subscribed.GetProperty("subscribed").GetProperty("heartbeat_interval_seconds").GetDouble());
        Assert.True(subscribed.GetProperty("subscribed").GetProperty("get_state").TryGetProperty("get_agents", out _));
        Assert.Equal(agentId, agentAdded.GetProperty("agent_added").GetProperty("agent").GetProperty("agent_info").GetProperty("id").GetProperty("value").GetString());
        Assert.Equal(frameworkId, frameworkAdded.GetProperty("framework_added").GetProperty("framework").GetProperty("framework_info").GetProperty("id").GetProperty("value").GetString());
        Assert.Equal(("ev-task", "TASK_STAGING"), (taskAdded.GetProperty("task_added").GetProperty("task").GetProperty("task_id").GetProperty("value").GetString(), taskAdded.GetProperty("task_added").GetProperty("task").GetProperty("state").GetString()));
        Assert.Equal(("TASK_RUNNING", frameworkId), (taskUpdated.GetProperty("task_updated").GetProperty("state").GetString(), taskUpdated.GetProperty("task_updated").GetProperty("framework_id").GetProperty("value").GetString()));
        Assert.Equal("TASK_RUNNING", taskUpdated.GetProperty("task_updated").GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(agentId, agentRemoved.GetProperty("agent_removed").GetProperty("agent_id").GetProperty("value").GetString());
        Assert.Equal(frameworkId, frameworkRemoved.GetProperty("framework_removed").GetProperty("framework_info").GetProperty("id").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Cli_NodeTaskFrameworkAndEvents_ShowTheLiveCluster()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var url = master.Url.ToString().TrimEnd('/');
        await using var events = DrydockProcess.Start("--master", url, "events");
        await events.WaitForLineAsync("SUBSCRIBED", TimeSpan.FromSeconds(30));
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.10.3", "agent-cli", ["--resources", "cpus:2;mem:1024;disk:1000;ports:[31000-31009]", "--attributes", "rack:r7"]);
        var agentId = await agent.WaitRegisteredAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        var frameworkId = (await stream.NextAsync())!.Value.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "cli-task", "sleep 30"))).Status);
        await NextStatusAsync(stream, "TASK_RUNNING", frameworkId);

        var nodes = await DrydockRun.RunAsync(["--master", url, "node", "list"]);
        var node = await DrydockRun.RunAsync(["--master", url, "node", "show", agentId]);
        var missing = await DrydockRun.RunAsync(["--master", url, "node", "show", "no-such-agent"]);
        var tasks = await DrydockRun.RunAsync(["--master", url, "task", "list"]);
        var frameworks = await DrydockRun.RunAsync(["--master", url, "framework", "list"]);
        var json = await DrydockRun.RunAsync(["--master", url, "task", "list", "--json"]);
        var running = await events.WaitForLineAsync(@"TASK_UPDATED\s+cli-task: TASK_RUNNING", TimeSpan.FromSeconds(30));

        Assert.True(nodes.ExitCode == 0, nodes.Stderr);
        Assert.Contains(agentId, nodes.Stdout, StringComparison.Ordinal);
        Assert.Contains($"127.0.10.3:{AgentProcess.PortFor(Path.Combine(_root.FullName, "agent"), "127.0.10.3")}", nodes.Stdout, StringComparison.Ordinal);
        Assert.Contains("0.1/2", nodes.Stdout, StringComparison.Ordinal);
        Assert.True(node.ExitCode == 0, node.Stderr);
        Assert.Contains("rack:r7", node.Stdout, StringComparison.Ordinal);
        Assert.Contains("cli-task", node.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no registered agent no-such-agent", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("TASK_RUNNING", tasks.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 active, 0 unreachable, 0 completed", tasks.Stdout, StringComparison.Ordinal);
        Assert.Contains(frameworkId, frameworks.Stdout, StringComparison.Ordinal);
        Assert.Contains("connected", frameworks.Stdout, StringComparison.Ordinal);
        Assert.Equal("GET_TASKS", JsonDocument.Parse(json.Stdout).RootElement.GetProperty("type").GetString());
        Assert.Contains("AGENT_ADDED", events.Output, StringComparison.Ordinal);
        Assert.True(running.Success);
    }

    private static async Task<(int Status, string Body)> PostCallAsync(MasterProcess master, string json)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var reply = await http.PostAsync("api/v1", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        return ((int)reply.StatusCode, await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DeactivateThenReactivate_AgentKeepsTasksOffersStopAndResume()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.10.4", "agent-deact", ["--resources", "cpus:2;mem:1024;disk:1000"]);
        var agentId = await agent.WaitRegisteredAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Info);
        await stream.NextAsync();
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        var target = "{\"agent_id\":{\"value\":\"" + agentId + "\"}}";

        var deactivate = await PostCallAsync(master, "{\"type\":\"DEACTIVATE_AGENT\",\"deactivate_agent\":" + target + "}");
        var rescind = await NextAsync(stream, "RESCIND");
        var quiet = new List<JsonElement>();
        try
        {
            while (await stream.NextAsync(TimeSpan.FromSeconds(1)) is { } next)
            {
                quiet.Add(next);
            }
        }
        catch (TimeoutException)
        {
        }

        var listed = (await CallAsync(master, "GET_AGENTS")).GetProperty("get_agents").GetProperty("agents")[0];
        using var http = new HttpClient { BaseAddress = master.Url };
        using var state = JsonDocument.Parse(await http.GetStringAsync("state", TestContext.Current.CancellationToken));
        var unknown = await PostCallAsync(master, "{\"type\":\"DEACTIVATE_AGENT\",\"deactivate_agent\":{\"agent_id\":{\"value\":\"no-such-agent\"}}}");
        var missing = await PostCallAsync(master, "{\"type\":\"DEACTIVATE_AGENT\"}");
        var reactivate = await PostCallAsync(master, "{\"type\":\"REACTIVATE_AGENT\",\"reactivate_agent\":" + target + "}");
        var offered = await NextAsync(stream, "OFFERS");
        var twice = await PostCallAsync(master, "{\"type\":\"REACTIVATE_AGENT\",\"reactivate_agent\":" + target + "}");

        Assert.Equal((200, string.Empty), deactivate);
        Assert.Equal(offer.GetProperty("id").GetRawText(), rescind.GetProperty("rescind").GetProperty("offer_id").GetRawText());
        Assert.DoesNotContain(quiet, e => e.GetProperty("type").GetString() == "OFFERS");
        Assert.True(listed.GetProperty("deactivated").GetBoolean());
        Assert.False(listed.GetProperty("active").GetBoolean());
        Assert.True(state.RootElement.GetProperty("slaves")[0].GetProperty("deactivated").GetBoolean());
        Assert.Equal((400, "Unknown agent"), unknown);
        Assert.Equal((400, "Failed to validate master::Call: Expecting 'deactivate_agent' to be present"), missing);
        Assert.Equal(200, reactivate.Status);
        Assert.Equal(agentId, offered.GetProperty("offers").GetProperty("offers")[0].GetProperty("agent_id").GetProperty("value").GetString());
        Assert.Equal((400, "Agent is not deactivated"), twice);
    }
}
