using System.Text.Json;
using Drydock.IntegrationTests.Infrastructure;
using static Drydock.IntegrationTests.Infrastructure.SchedulerCalls;

namespace Drydock.IntegrationTests;

/// <summary>
/// Tasks across failures, with real processes: agent crashes, master restarts, machines taken down and brought back,
/// agents that stop answering, frameworks that do not come back; and reconciliation.
/// </summary>
public sealed class TaskRecoveryTests : IDisposable
{
    private const string Resources = "cpus:2;mem:1024;disk:1000;ports:[31000-31009]";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drydock-recovery-");

    public void Dispose() => _root.Delete(recursive: true);

    private static string Info(bool checkpoint = true, bool partitionAware = false, double failoverTimeout = 3600, string? id = null) =>
        "{" + (id is null ? string.Empty : "\"id\":{\"value\":\"" + id + "\"},") + "\"user\":\"root\",\"name\":\"recovery-test\",\"roles\":[\"*\"],\"checkpoint\":" + (checkpoint ? "true" : "false")
        + ",\"failover_timeout\":" + failoverTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (partitionAware ? ",\"capabilities\":[{\"type\":\"PARTITION_AWARE\"}]" : string.Empty) + "}";

    private string AgentDir => Path.Combine(_root.FullName, "agent");

    private AgentProcess StartAgent(MasterProcess master, string ip) => AgentProcess.Start(master.Url, AgentDir, ip, "agent-1", ["--resources", Resources]);

    private static async Task<(SchedulerStream Stream, string FrameworkId)> SubscribeAsync(MasterProcess master, string info, string? frameworkId = null)
    {
        var stream = await SchedulerStream.SubscribeAsync(master.Url, info, frameworkId);
        var subscribed = (await stream.NextAsync())!.Value;
        return (stream, subscribed.GetProperty("subscribed").GetProperty("framework_id").GetProperty("value").GetString()!);
    }

    /// <summary>Launches one task on the next offer and acknowledges its TASK_RUNNING; returns that status.</summary>
    private static async Task<JsonElement> LaunchRunningAsync(SchedulerStream stream, string frameworkId, string taskId, string command = "sleep 30", bool acknowledge = true)
    {
        var offer = (await NextAsync(stream, "OFFERS")).GetProperty("offers").GetProperty("offers")[0];
        Assert.Equal(202, (await stream.CallAsync(Accept(frameworkId, offer, taskId, command))).Status);
        var running = await NextStatusAsync(stream, "TASK_RUNNING", frameworkId);
        if (acknowledge)
        {
            Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, running))).Status);
        }

        return running;
    }

    private static async Task<JsonElement> GetAsync(MasterProcess master, string path)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var document = JsonDocument.Parse(await http.GetStringAsync(path, TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> PollAsync(MasterProcess master, string path, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var body = await GetAsync(master, path);
            if (until(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never reached the expected state: {body}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static string? TaskState(JsonElement tasks, string taskId) =>
        tasks.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("id").GetString() == taskId).Select(t => t.GetProperty("state").GetString()).FirstOrDefault();

    private static async Task PostAsync(MasterProcess master, string path, string body)
    {
        using var http = new HttpClient { BaseAddress = master.Url };
        using var reply = await http.PostAsync(path, new StringContent(body), TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)reply.StatusCode);
    }

    [Fact]
    public async Task MachineDownThenUp_TaskKeptRunning_ComesBackAsRunningFromTheMaster()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var agent = StartAgent(master, "127.0.8.1");
        var agentId = await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info());
        await using var subscription = stream;
        await LaunchRunningAsync(stream, frameworkId, "t27");

        // The agent crashes; its task lives on under its supervisor while the machine goes down and up again.
        await agent.KillNineAsync();
        await agent.DisposeAsync();
        const string machine = "{\"hostname\":\"agent-1\",\"ip\":\"127.0.8.1\"}";
        await PostAsync(master, "maintenance/schedule", "{\"windows\":[{\"machine_ids\":[" + machine + "],\"unavailability\":{\"start\":{\"nanoseconds\":1}}}]}");
        await PostAsync(master, "machine/down", "[" + machine + "]");
        var lost = await NextStatusAsync(stream, "TASK_LOST", frameworkId);
        await PostAsync(master, "machine/up", "[" + machine + "]");
        await using var restarted = StartAgent(master, "127.0.8.1");
        var sameId = await restarted.WaitRegisteredAsync();
        var back = await NextStatusAsync(stream, s => s.GetProperty("source").GetString() == "SOURCE_MASTER" && s.GetProperty("state").GetString() == "TASK_RUNNING", frameworkId);
        var tasks = await PollAsync(master, "tasks", t => TaskState(t, "t27") == "TASK_RUNNING");

        Assert.Equal("REASON_AGENT_REMOVED", lost.GetProperty("reason").GetString());
        Assert.Equal(agentId, sameId);
        Assert.Equal(("t27", "REASON_AGENT_REREGISTERED"), (TaskIdOf(back), back.GetProperty("reason").GetString()));
        Assert.False(back.TryGetProperty("uuid", out _));
        Assert.Contains("Allowing UNKNOWN agent", master.Output, StringComparison.Ordinal);
        Assert.Equal("TASK_RUNNING", TaskState(tasks, "t27"));
    }

    [Fact]
    public async Task AgentKillNine_UnacknowledgedRunning_IsResentWithTheSameUuidAfterRestart()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var agent = StartAgent(master, "127.0.8.2");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info());
        await using var subscription = stream;
        var running = await LaunchRunningAsync(stream, frameworkId, "t-unacked", acknowledge: false);

        await agent.KillNineAsync();
        await agent.DisposeAsync();
        await using var restarted = StartAgent(master, "127.0.8.2");
        await restarted.WaitRegisteredAsync();
        var resent = await NextStatusAsync(stream, s => s.GetProperty("source").GetString() == "SOURCE_EXECUTOR");

        Assert.Equal(("TASK_RUNNING", running.GetProperty("uuid").GetString()), (resent.GetProperty("state").GetString(), resent.GetProperty("uuid").GetString()));
        Assert.Equal(202, (await stream.CallAsync(Acknowledge(frameworkId, resent))).Status);
    }

    [Fact]
    public async Task MasterRestart_AgentReportsItsTasks_ViewRebuiltAndReconciled()
    {
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var workDir = Path.Combine(_root.FullName, "master");
        string[] flags = ["--port", port, "--allocation-interval", "200ms"];
        var master = await MasterProcess.StartAsync(workDir, flags);
        await using var agent = StartAgent(master, "127.0.8.3");
        var agentId = await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info());
        await LaunchRunningAsync(stream, frameworkId, "t-failover");

        await master.KillAsync();
        await stream.DisposeAsync();
        await master.DisposeAsync();
        await using var second = await MasterProcess.StartAsync(workDir, flags);
        var tasks = await PollAsync(second, "tasks", t => TaskState(t, "t-failover") is not null);
        var (again, sameFramework) = await SubscribeAsync(second, Info(id: frameworkId), frameworkId);
        await using var subscription = again;
        var reconcile = await again.CallAsync(Reconcile(frameworkId, ("t-failover", agentId), ("never-launched", agentId)));
        Assert.True(reconcile.Status == 202, reconcile.Body);
        var known = await NextStatusAsync(again, s => TaskIdOf(s) == "t-failover" && s.GetProperty("source").GetString() == "SOURCE_MASTER", frameworkId);
        var unknown = await NextStatusAsync(again, s => TaskIdOf(s) == "never-launched");
        Assert.Equal(202, (await again.CallAsync(Reconcile(frameworkId))).Status);
        var implicitly = await NextStatusAsync(again, s => TaskIdOf(s) == "t-failover" && s.GetProperty("source").GetString() == "SOURCE_MASTER", frameworkId);

        Assert.Equal("TASK_RUNNING", TaskState(tasks, "t-failover"));
        Assert.Equal(frameworkId, sameFramework);
        Assert.Equal(("TASK_RUNNING", "SOURCE_MASTER", "REASON_RECONCILIATION"), (known.GetProperty("state").GetString(), known.GetProperty("source").GetString(), known.GetProperty("reason").GetString()));
        Assert.Equal(("TASK_LOST", "REASON_RECONCILIATION"), (unknown.GetProperty("state").GetString(), unknown.GetProperty("reason").GetString()));
        Assert.Equal("TASK_RUNNING", implicitly.GetProperty("state").GetString());
    }

    [Fact]
    public async Task AgentStopsAnsweringPings_PartitionAwareTaskUnreachableThenBack()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--agent-ping-timeout", "1s", "--max-agent-ping-timeouts", "3");
        await using var agent = StartAgent(master, "127.0.8.4");
        var agentId = await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info(partitionAware: true));
        await using var subscription = stream;
        await LaunchRunningAsync(stream, frameworkId, "t38");
        await stream.CallAsync(Reconcile(frameworkId, ("ghost", agentId), ("phantom", "no-such-agent")));
        var gone = await NextStatusAsync(stream, s => TaskIdOf(s) == "ghost");
        var unknown = await NextStatusAsync(stream, s => TaskIdOf(s) == "phantom");

        await agent.SignalAsync("STOP");
        var unreachable = await NextStatusAsync(stream, "TASK_UNREACHABLE", frameworkId);
        var failure = await NextAsync(stream, "FAILURE");
        var marked = await PollAsync(master, "state", s => s.GetProperty("unreachable_slaves").GetInt32() == 1);
        await agent.SignalAsync("CONT");
        var back = await NextStatusAsync(stream, s => s.GetProperty("source").GetString() == "SOURCE_MASTER" && s.GetProperty("state").GetString() == "TASK_RUNNING", frameworkId);
        var reachable = await PollAsync(master, "state", s => s.GetProperty("unreachable_slaves").GetInt32() == 0 && s.GetProperty("slaves").GetArrayLength() == 1);

        Assert.Equal("TASK_GONE", gone.GetProperty("state").GetString());
        Assert.Equal("TASK_UNKNOWN", unknown.GetProperty("state").GetString());
        Assert.Equal(("t38", "REASON_AGENT_REMOVED"), (TaskIdOf(unreachable), unreachable.GetProperty("reason").GetString()));
        Assert.True(unreachable.GetProperty("unreachable_time").GetProperty("nanoseconds").GetInt64() > 0);
        Assert.Equal(agentId, failure.GetProperty("failure").GetProperty("agent_id").GetProperty("value").GetString());
        Assert.Empty(marked.GetProperty("slaves").EnumerateArray());
        Assert.Equal("REASON_AGENT_REREGISTERED", back.GetProperty("reason").GetString());
        Assert.Equal(agentId, reachable.GetProperty("slaves")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task AgentKillNine_NonCheckpointingFramework_LostAtOnceAndCompleted()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms", "--agent-ping-timeout", "1s", "--max-agent-ping-timeouts", "3");
        await using var agent = StartAgent(master, "127.0.8.5");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info(checkpoint: false));
        await using var subscription = stream;
        await LaunchRunningAsync(stream, frameworkId, "t-volatile", "sleep 5");

        await agent.KillNineAsync();
        var disconnected = await NextStatusAsync(stream, "TASK_LOST", frameworkId);
        var state = await PollAsync(master, "state", s => s.GetProperty("unreachable_slaves").GetInt32() == 1);

        // As in Mesos, the task left the agent when its loss was reported at the disconnect: marking the agent unreachable
        // later finds nothing more to report, and the task is among the framework's completed tasks, lost once.
        Assert.Equal(("REASON_AGENT_DISCONNECTED", false), (disconnected.GetProperty("reason").GetString(), disconnected.TryGetProperty("unreachable_time", out _)));
        var framework = state.GetProperty("frameworks")[0];
        Assert.Empty(framework.GetProperty("tasks").EnumerateArray());
        var completed = Assert.Single(framework.GetProperty("completed_tasks").EnumerateArray());
        Assert.Equal(("t-volatile", "TASK_LOST"), (completed.GetProperty("id").GetString(), completed.GetProperty("state").GetString()));
        Assert.Single(completed.GetProperty("statuses").EnumerateArray(), s => s.GetProperty("state").GetString() == "TASK_LOST");
        Assert.Equal(0, framework.GetProperty("used_resources").GetProperty("cpus").GetDouble());
    }

    [Fact]
    public async Task AgentRestart_NonCheckpointingFrameworkTaskLostAtDisconnect_IsKilledNotRevived()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        var agent = StartAgent(master, "127.0.8.7");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info(checkpoint: false));
        await using var subscription = stream;
        await LaunchRunningAsync(stream, frameworkId, "t-dropped", "sleep 30");

        await agent.KillNineAsync();
        await agent.DisposeAsync();
        var lost = await NextStatusAsync(stream, "TASK_LOST", frameworkId);
        await using var restarted = StartAgent(master, "127.0.8.7");
        await restarted.WaitRegisteredAsync();
        var revived = false;
        var end = await NextStatusAsync(
            stream,
            s =>
            {
                // A TASK_RUNNING resent by the agent (its acknowledgement may have been lost with it) is skipped.
                revived |= s.GetProperty("source").GetString() == "SOURCE_MASTER" && s.GetProperty("state").GetString() == "TASK_RUNNING";
                return s.GetProperty("state").GetString() is not ("TASK_LOST" or "TASK_RUNNING");
            },
            frameworkId);

        Assert.False(revived);
        Assert.Equal("REASON_AGENT_DISCONNECTED", lost.GetProperty("reason").GetString());
        Assert.Equal(("TASK_KILLED", "SOURCE_EXECUTOR"), (end.GetProperty("state").GetString(), end.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task FrameworkGoneLongerThanFailoverTimeout_TornDownAndTasksKilled()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        await using var agent = StartAgent(master, "127.0.8.6");
        await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info(failoverTimeout: 1));
        await LaunchRunningAsync(stream, frameworkId, "t-orphan");

        await stream.DisposeAsync();
        var frameworks = await PollAsync(master, "frameworks", f => f.GetProperty("completed_frameworks").GetArrayLength() == 1);
        var tasks = await PollAsync(master, "tasks", t => TaskState(t, "t-orphan") == "TASK_KILLED");

        Assert.Equal(frameworkId, frameworks.GetProperty("completed_frameworks")[0].GetProperty("id").GetString());
        Assert.Empty(frameworks.GetProperty("frameworks").EnumerateArray());
        Assert.Equal("TASK_KILLED", TaskState(tasks, "t-orphan"));
        Assert.Contains("did not re-subscribe within its failover timeout", master.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewAgentIdAfterRmLatest_TaskOfTheOldIdKilledBeforeRegistering()
    {
        await using var master = await MasterProcess.StartAsync(null, "--allocation-interval", "200ms");
        string[] before = ["--resources", Resources, "--attributes", "rack:r1"];
        string[] after = ["--resources", Resources, "--attributes", "rack:r2"];
        var agent = AgentProcess.Start(master.Url, AgentDir, "127.0.8.8", "agent-1", before);
        var oldId = await agent.WaitRegisteredAsync();
        var (stream, frameworkId) = await SubscribeAsync(master, Info());
        await using var subscription = stream;
        await LaunchRunningAsync(stream, frameworkId, "t-renewed", "sleep 300");
        var (run, pid, started) = await TaskProcesses.WaitForAsync(Path.Combine(AgentDir, "meta", "slaves", oldId), "t-renewed");

        // The agent stops (its task runs on), its attributes change, it refuses to start, and the operator removes latest.
        Assert.Equal(0, await agent.SignalAndWaitAsync("TERM", TimeSpan.FromSeconds(30)));
        await agent.DisposeAsync();
        await using (var refused = AgentProcess.Start(master.Url, AgentDir, "127.0.8.8", "agent-1", after))
        {
            Assert.NotEqual(0, await refused.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        var aliveWhileRefused = TaskProcesses.IsAlive(pid, started);
        File.Delete(Path.Combine(AgentDir, "meta", "slaves", "latest"));
        await using var renewed = AgentProcess.Start(master.Url, AgentDir, "127.0.8.8", "agent-1", after);
        var newId = await renewed.WaitRegisteredAsync();
        var lost = await NextStatusAsync(stream, "TASK_LOST", frameworkId);

        Assert.True(aliveWhileRefused);
        Assert.NotEqual(oldId, newId);
        Assert.False(TaskProcesses.IsAlive(pid, started));
        Assert.Contains($"Killed 1 task(s) left by earlier runs of this agent under agent id(s) {oldId}", renewed.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "reported")));
        Assert.Equal(("t-renewed", "REASON_AGENT_REMOVED"), (TaskIdOf(lost), lost.GetProperty("reason").GetString()));
    }

}
