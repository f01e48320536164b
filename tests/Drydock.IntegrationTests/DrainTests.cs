using System.Text;
using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>
/// DRAIN_AGENT, REACTIVATE_AGENT and MARK_AGENT_GONE over a live cluster (spec 2.7, scenarios 39 and 40): a real
/// master, a real agent running a real task, and a scheduler-API framework that acknowledges its updates.
/// </summary>
public sealed class DrainTests : IDisposable
{
    private const string Aware = """{"user":"root","name":"drain-test","roles":["*"],"checkpoint":true,"failover_timeout":60,"capabilities":[{"type":"PARTITION_AWARE"}]}""";
    private const string Plain = """{"user":"root","name":"drain-test-plain","roles":["*"],"checkpoint":true,"failover_timeout":60}""";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-drain-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task DrainAgent_RunningTask_KilledThenDrainedThenReactivated()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.11.1", "agent-drain", ["--resources", "cpus:2;mem:1024;disk:1000"]);
        var agentId = await agent.WaitRegisteredAsync();
        await using var events = await SchedulerStream.OpenAsync(master.Url, "api/v1", """{"type":"SUBSCRIBE"}""");
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Aware);
        var frameworkId = FrameworkIdOf((await stream.NextAsync())!.Value);
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "drained-task", "sleep 60"))).Status);
        var running = await NextStatusAsync(stream, "TASK_RUNNING", frameworkId);
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, running))).Status);

        var drain = await PostCallAsync(master, DrainCall(agentId, "\"max_grace_period\":{\"seconds\":0},\"mark_gone\":false"));
        var killed = await NextStatusAsync(stream, "TASK_KILLED", frameworkId);
        var draining = Agent(await CallAsync(master, "GET_AGENTS"));
        var early = await PostCallAsync(master, Target("REACTIVATE_AGENT", agentId));
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, killed))).Status);
        var drained = await PollAgentAsync(master, a => a.TryGetProperty("drain_info", out var d) && d.GetProperty("state").GetString() == "DRAINED");
        using var http = new HttpClient { BaseAddress = master.Url };
        using var state = JsonDocument.Parse(await http.GetStringAsync("state", TestContext.Current.CancellationToken));
        var slave = state.RootElement.GetProperty("slaves")[0];

        Assert.Equal((200, string.Empty), drain);
        Assert.Equal("REASON_AGENT_DRAINING", killed.GetProperty("reason").GetString());
        Assert.Equal("SOURCE_EXECUTOR", killed.GetProperty("source").GetString());
        Assert.Equal("DRAINING", draining.GetProperty("drain_info").GetProperty("state").GetString());
        Assert.Equal((400, "Agent is still in the DRAINING state"), early);
        Assert.True(drained.GetProperty("deactivated").GetBoolean());
        Assert.False(drained.GetProperty("active").GetBoolean());
        Assert.Equal("""{"state":"DRAINED","config":{"max_grace_period":{"nanoseconds":0},"mark_gone":false}}""", drained.GetProperty("drain_info").GetRawText());
        Assert.True(drained.GetProperty("estimated_drain_start_time").GetProperty("nanoseconds").GetInt64() > 1_700_000_000L * 1_000_000_000);
        Assert.Equal("DRAINED", slave.GetProperty("drain_info").GetProperty("state").GetString());
        Assert.Equal(0, slave.GetProperty("drain_info").GetProperty("config").GetProperty("max_grace_period").GetProperty("nanoseconds").GetInt64());
        Assert.True(slave.GetProperty("deactivated").GetBoolean());
        Assert.True(slave.GetProperty("estimated_drain_start_time_seconds").GetInt64() > 1_700_000_000);

        // The drained task is in the framework's history, and holds nothing any more.
        var framework = state.RootElement.GetProperty("frameworks")[0];
        Assert.Empty(framework.GetProperty("tasks").EnumerateArray());
        Assert.Equal(("drained-task", "TASK_KILLED"), (framework.GetProperty("completed_tasks")[0].GetProperty("id").GetString(), framework.GetProperty("completed_tasks")[0].GetProperty("state").GetString()));
        Assert.Equal(0, slave.GetProperty("used_resources").GetProperty("cpus").GetDouble());

        // The operator event stream saw the drain begin and end.
        var updates = new List<string>();
        while (updates.Count < 2)
        {
            var next = await NextAsync(events, "AGENT_UPDATED");
            updates.Add(next.GetProperty("agent_updated").GetProperty("agent").GetProperty("drain_info").GetProperty("state").GetString()!);
        }

        Assert.Equal(["DRAINING", "DRAINED"], updates);

        // Reactivation ends the drain, and the agent is offered again.
        var reactivate = await PostCallAsync(master, Target("REACTIVATE_AGENT", agentId));
        var offered = await NextAsync(stream, "OFFERS");
        var after = Agent(await CallAsync(master, "GET_AGENTS"));
        Assert.Equal(200, reactivate.Status);
        Assert.Equal(agentId, offered.GetProperty("offers").GetProperty("offers")[0].GetProperty("agent_id").GetProperty("value").GetString());
        Assert.False(after.GetProperty("deactivated").GetBoolean());
        Assert.False(after.TryGetProperty("drain_info", out _));

        // The agent runs tasks again.
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offered.GetProperty("offers").GetProperty("offers")[0], "after-drain", "sleep 60"))).Status);
        var again = await NextStatusAsync(stream, s => TaskIdOf(s) == "after-drain", frameworkId);
        Assert.Equal("TASK_RUNNING", again.GetProperty("state").GetString());
    }

    [Fact]
    public async Task DrainAgent_TaskOfTornDownFramework_DrainedThenReactivatedAgentRunsTasks()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.11.6", "agent-drain-teardown", ["--resources", "cpus:1;mem:256"]);
        var agentId = await agent.WaitRegisteredAsync();
        await using (var stream = await SchedulerStream.SubscribeAsync(master.Url, Plain))
        {
            var frameworkId = FrameworkIdOf((await stream.NextAsync())!.Value);
            var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
            Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "orphan", "sleep 60"))).Status);
            Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, await NextStatusAsync(stream, "TASK_RUNNING", frameworkId)))).Status);

            // Torn down: the task is killed, and nobody is left to acknowledge its end.
            Assert.Equal(202, (await stream.CallAsync(SchedulerStream.Teardown(frameworkId))).Status);
        }

        var drain = await PostCallAsync(master, DrainCall(agentId, "\"max_grace_period\":{\"seconds\":0}"));
        var drained = await PollAgentAsync(master, a => a.TryGetProperty("drain_info", out var d) && d.GetProperty("state").GetString() == "DRAINED");

        // Reactivated, the agent is offered again and runs what it is given: its drain ended with the master's.
        var reactivate = await PostCallAsync(master, Target("REACTIVATE_AGENT", agentId));
        await using var next = await SchedulerStream.SubscribeAsync(master.Url, Plain);
        var nextId = FrameworkIdOf((await next.NextAsync())!.Value);
        var offer2 = (await NextAsync(next, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await next.CallAsync(Accept(nextId, offer2, "after-teardown", "sleep 60"))).Status);
        var launched = await NextStatusAsync(next, s => TaskIdOf(s) == "after-teardown", nextId);

        Assert.Equal((200, string.Empty), drain);
        Assert.True(drained.GetProperty("deactivated").GetBoolean());
        Assert.Equal(200, reactivate.Status);
        Assert.Equal(agentId, offer2.GetProperty("agent_id").GetProperty("value").GetString());
        Assert.True(launched.GetProperty("state").GetString() == "TASK_RUNNING", launched.GetRawText() + "\n" + agent.Output);
        Assert.DoesNotContain("the agent is draining", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainAgent_AgentAwayWhenDrained_DrainsWhenItComesBack()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var agentDir = Path.Combine(_root.FullName, "agent");
        await using var agent = AgentProcess.Start(master.Url, agentDir, "127.0.11.8", "agent-drain-away", ["--resources", "cpus:1;mem:256"]);
        var agentId = await agent.WaitRegisteredAsync();
        await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Aware);
        var frameworkId = FrameworkIdOf((await stream.NextAsync())!.Value);
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "away-task", "sleep 60"))).Status);
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, await NextStatusAsync(stream, "TASK_RUNNING", frameworkId)))).Status);

        // The agent crashes (its task lives on under its supervisor); the drain is asked for while it is away.
        await agent.KillNineAsync();
        await agent.DisposeAsync();
        await PollAgentAsync(master, a => !a.GetProperty("active").GetBoolean());
        var drain = await PostCallAsync(master, DrainCall(agentId, "\"max_grace_period\":{\"seconds\":0}"));
        var waiting = Agent(await CallAsync(master, "GET_AGENTS"));

        await using var back = AgentProcess.Start(master.Url, agentDir, "127.0.11.8", "agent-drain-away", ["--resources", "cpus:1;mem:256"]);
        var sameId = await back.WaitRegisteredAsync();
        var killed = await NextStatusAsync(stream, s => TaskIdOf(s) == "away-task" && s.GetProperty("state").GetString() == "TASK_KILLED", frameworkId);
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, killed))).Status);
        var drained = await PollAgentAsync(master, a => a.TryGetProperty("drain_info", out var d) && d.GetProperty("state").GetString() == "DRAINED");

        Assert.Equal((200, string.Empty), drain);
        Assert.Equal("DRAINING", waiting.GetProperty("drain_info").GetProperty("state").GetString());
        Assert.Equal(agentId, sameId);
        Assert.Equal("REASON_AGENT_DRAINING", killed.GetProperty("reason").GetString());
        Assert.True(drained.GetProperty("deactivated").GetBoolean());
    }

    [Fact]
    public async Task DrainAgent_BadCalls_RefusedWithMesosTexts()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.11.2", "agent-drain-bad", ["--resources", "cpus:1;mem:256"]);
        var agentId = await agent.WaitRegisteredAsync();

        var unknown = await PostCallAsync(master, DrainCall("no-such-agent", "\"mark_gone\":false"));
        var missing = await PostCallAsync(master, """{"type":"DRAIN_AGENT"}""");
        var negative = await PostCallAsync(master, DrainCall(agentId, "\"max_grace_period\":{\"seconds\":-1}"));
        var schedule = "{\"windows\":[{\"machine_ids\":[{\"hostname\":\"agent-drain-bad\",\"ip\":\"127.0.11.2\"}],\"unavailability\":{\"start\":{\"nanoseconds\":"
            + (DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() * 1_000_000) + "}}}]}";
        using var http = new HttpClient { BaseAddress = master.Url };
        using var posted = await http.PostAsync("maintenance/schedule", new StringContent(schedule, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var scheduled = await PostCallAsync(master, DrainCall(agentId, "\"mark_gone\":false"));
        var listed = Agent(await CallAsync(master, "GET_AGENTS"));

        Assert.Equal((400, "Unknown agent"), unknown);
        Assert.Equal((400, "Failed to validate master::Call: Expecting 'drain_agent' to be present"), missing);
        Assert.Equal((400, "Failed to validate master::Call: Expecting 'max_grace_period' to be non-negative"), negative);
        Assert.Equal(200, (int)posted.StatusCode);
        Assert.Equal((400, $"Agent {agentId} is part of a maintenance schedule under Machine {{\"hostname\":\"agent-drain-bad\",\"ip\":\"127.0.11.2\"}}"), scheduled);
        Assert.False(listed.GetProperty("deactivated").GetBoolean());
        Assert.False(listed.TryGetProperty("drain_info", out _));
    }

    [Fact]
    public async Task DrainAgent_MarkGone_TaskGoneByOperatorAgentShutDownAndNeverReturns()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var agentDir = Path.Combine(_root.FullName, "agent");
        string agentId;
        await using (var agent = AgentProcess.Start(master.Url, agentDir, "127.0.11.3", "agent-gone", ["--resources", "cpus:2;mem:1024;disk:1000"]))
        {
            agentId = await agent.WaitRegisteredAsync();
            await using var stream = await SchedulerStream.SubscribeAsync(master.Url, Aware);
            var frameworkId = FrameworkIdOf((await stream.NextAsync())!.Value);
            var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
            Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, "gone-task", "sleep 60"))).Status);
            Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, await NextStatusAsync(stream, "TASK_RUNNING", frameworkId)))).Status);

            var drain = await PostCallAsync(master, DrainCall(agentId, "\"max_grace_period\":{\"seconds\":0},\"mark_gone\":true"));
            var gone = await NextStatusAsync(stream, "TASK_GONE_BY_OPERATOR", frameworkId);
            Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, gone))).Status);
            var exit = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal((200, string.Empty), drain);
            Assert.Equal("REASON_AGENT_DRAINING", gone.GetProperty("reason").GetString());
            Assert.Equal(0, exit);
            Assert.Contains("Agent has been marked gone", agent.Output, StringComparison.Ordinal);
        }

        var agents = (await CallAsync(master, "GET_AGENTS")).GetProperty("get_agents");
        Assert.False(agents.TryGetProperty("agents", out _));

        // The same agent (same work dir, same id) is refused when it comes back, and marking it gone again is fine.
        await using var again = AgentProcess.Start(master.Url, agentDir, "127.0.11.3", "agent-gone", ["--resources", "cpus:2;mem:1024;disk:1000"]);
        Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Agent has been marked gone", again.Output, StringComparison.Ordinal);
        Assert.Equal((200, string.Empty), await PostCallAsync(master, Target("MARK_AGENT_GONE", agentId)));
        Assert.Equal((404, "Agent 'no-such-agent' not found"), await PostCallAsync(master, Target("MARK_AGENT_GONE", "no-such-agent")));
        Assert.Equal((400, "Unknown agent"), await PostCallAsync(master, DrainCall(agentId, "\"mark_gone\":false")));
    }

    [Fact]
    public async Task MarkAgentGone_RegisteredAgent_TasksGoneOrLostAndGoneSurvivesRestart()
    {
        var masterDir = Path.Combine(_root.FullName, "master");
        Directory.CreateDirectory(masterDir);
        var agentDir = Path.Combine(_root.FullName, "agent");
        string agentId;
        await using (var master = await MasterProcess.StartAsync(masterDir, "--allocation-interval", "200ms"))
        {
            await using var agent = AgentProcess.Start(master.Url, agentDir, "127.0.11.4", "agent-decommission", ["--resources", "cpus:2;mem:1024;disk:1000"]);
            agentId = await agent.WaitRegisteredAsync();
            await using var aware = await SchedulerStream.SubscribeAsync(master.Url, Aware);
            var awareId = FrameworkIdOf((await aware.NextAsync())!.Value);
            var offer = (await NextAsync(aware, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
            // The first framework filters the agent for an hour, so its next offer goes to the second one.
            var accept = Accept(awareId, offer, "aware-task", "sleep 60").Replace("\"refuse_seconds\":0", "\"refuse_seconds\":3600", StringComparison.Ordinal);
            Assert.Equal(202, (await aware.CallAsync(accept)).Status);
            Assert.Equal(202, (await aware.CallAsync(Acknowledge(awareId, await NextStatusAsync(aware, "TASK_RUNNING", awareId)))).Status);
            await using var plain = await SchedulerStream.SubscribeAsync(master.Url, Plain);
            var plainId = FrameworkIdOf((await plain.NextAsync())!.Value);
            var second = (await NextAsync(plain, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
            Assert.Equal(202, (await plain.CallAsync(Accept(plainId, second, "plain-task", "sleep 60"))).Status);
            Assert.Equal(202, (await plain.CallAsync(Acknowledge(plainId, await NextStatusAsync(plain, "TASK_RUNNING", plainId)))).Status);

            var gone = await PostCallAsync(master, Target("MARK_AGENT_GONE", agentId));
            var awareStatus = await NextStatusAsync(aware, s => s.GetProperty("source").GetString() == "SOURCE_MASTER", awareId);
            var plainStatus = await NextStatusAsync(plain, s => s.GetProperty("source").GetString() == "SOURCE_MASTER", plainId);
            var failure = await NextAsync(plain, "FAILURE");
            var exit = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal((200, string.Empty), gone);
            Assert.Equal("TASK_GONE_BY_OPERATOR", awareStatus.GetProperty("state").GetString());
            Assert.Equal("REASON_AGENT_REMOVED_BY_OPERATOR", awareStatus.GetProperty("reason").GetString());
            Assert.False(awareStatus.TryGetProperty("uuid", out _));
            Assert.Equal("TASK_LOST", plainStatus.GetProperty("state").GetString());
            Assert.Equal("REASON_AGENT_REMOVED", plainStatus.GetProperty("reason").GetString());
            Assert.Equal(agentId, failure.GetProperty("failure").GetProperty("agent_id").GetProperty("value").GetString());
            Assert.Equal(0, exit);
            Assert.Contains("Agent has been marked gone", agent.Output, StringComparison.Ordinal);
        }

        // The gone list is durable: after a master restart the agent is still refused.
        await using var restarted = await MasterProcess.StartAsync(masterDir);
        await using var back = AgentProcess.Start(restarted.Url, agentDir, "127.0.11.4", "agent-decommission", ["--resources", "cpus:2;mem:1024;disk:1000"]);
        Assert.Equal(0, await back.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Agent has been marked gone", back.Output, StringComparison.Ordinal);
        Assert.Equal((200, string.Empty), await PostCallAsync(restarted, Target("MARK_AGENT_GONE", agentId)));
    }

    [Fact]
    public async Task Cli_DrainReactivateDecommission_ChangeTheAgentAndReportRefusals()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var url = master.Url.ToString().TrimEnd('/');
        await using var agent = AgentProcess.Start(master.Url, Path.Combine(_root.FullName, "agent"), "127.0.11.5", "agent-cli-drain", ["--resources", "cpus:1;mem:256"]);
        var agentId = await agent.WaitRegisteredAsync();

        var drain = await DrydockRun.RunAsync(["--master", url, "node", "drain", agentId, "--max-grace-period", "5s"]);
        await PollAgentAsync(master, a => a.TryGetProperty("drain_info", out var d) && d.GetProperty("state").GetString() == "DRAINED");
        var shown = await DrydockRun.RunAsync(["--master", url, "node", "show", agentId]);
        var listed = await DrydockRun.RunAsync(["--master", url, "node", "list"]);
        var badGrace = await DrydockRun.RunAsync(["--master", url, "node", "drain", agentId, "--max-grace-period", "soon"]);
        var unknown = await DrydockRun.RunAsync(["--master", url, "node", "drain", "no-such-agent"]);
        var reactivate = await DrydockRun.RunAsync(["--master", url, "node", "reactivate", agentId]);
        var active = await DrydockRun.RunAsync(["--master", url, "node", "list"]);
        var decommission = await DrydockRun.RunAsync(["--master", url, "node", "decommission", agentId]);
        var exit = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var empty = await DrydockRun.RunAsync(["--master", url, "node", "list"]);

        Assert.True(drain.ExitCode == 0, drain.Stderr);
        Assert.Contains("DRAINED since", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("max grace 5s", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("drained", listed.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, badGrace.ExitCode);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no registered agent no-such-agent", unknown.Stderr, StringComparison.Ordinal);
        Assert.True(reactivate.ExitCode == 0, reactivate.Stderr);
        Assert.Contains("active", active.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("drained", active.Stdout, StringComparison.Ordinal);
        Assert.True(decommission.ExitCode == 0, decommission.Stderr);
        Assert.Equal(0, exit);
        Assert.Contains("0 agent(s)", empty.Stdout, StringComparison.Ordinal);
    }

    private static string FrameworkIdOf(JsonElement subscribed) =>
        subscribed.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!;

    private static string Target(string type, string agentId) =>
        "{\"type\":\"" + type + "\",\"" + type.ToLowerInvariant() + "\":{\"agent_id\":{\"value\":\"" + agentId + "\"}}}";

    private static string DrainCall(string agentId, string fields) =>
        "{\"type\":\"DRAIN_AGENT\",\"drain_agent\":{\"agent_id\":{\"value\":\"" + agentId + "\"}," + fields + "}}";

    private static JsonElement Agent(JsonElement getAgents) => getAgents.GetProperty("get_agents").GetProperty("agents")[0];

    private static async Task<JsonElement> PollAgentAsync(MasterProcess master, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var agent = Agent(await CallAsync(master, "GET_AGENTS"));
            if (done(agent))
            {
                return agent;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The agent did not reach the expected state: " + agent.GetRawText());
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<JsonElement> CallAsync(MasterProcess master, string type)
    {
        var (status, body) = await PostCallAsync(master, "{\"type\":\"" + type + "\"}");
        Assert.Equal(200, status);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static async Task<(int Status, string Body)> PostCallAsync(MasterProcess master, string json)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var reply = await http.PostAsync("api/v1", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        return ((int)reply.StatusCode, await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
